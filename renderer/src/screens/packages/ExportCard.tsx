import { DownloadOutlined, ExportOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, DatePicker, Descriptions, Input, Progress, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { runJob } from '../../api/jobs.ts';
import { downloadBase64, ErrorAlert } from '../../common.tsx';
import { PemInput } from './PemInput.tsx';
import type { ExportedPackage, PemFile } from './shapes.ts';

export const PACKAGE_MIME = 'application/octet-stream';

/** The device name the surveyor gave on the interview screen (kept in this browser), if any. */
function savedDevice(): string {
  try {
    const s = JSON.parse(localStorage.getItem('scilit.surveyor') ?? 'null') as { device?: string } | null;
    return s?.device ?? '';
  } catch {
    return '';
  }
}

const when = (v: string) => v.slice(0, 19).replace('T', ' ');

/** On a surveyor's laptop: the interviews (optionally since a date, optionally encrypted) as one package file. */
export function ExportCard() {
  const { t } = useTranslation();
  // The start of the chosen day on this computer's clock, as the UTC instant the database's times are kept in.
  const [since, setSince] = useState('');
  const [includeDrafts, setIncludeDrafts] = useState(false);
  const [device, setDevice] = useState(savedDevice);
  const [publicKey, setPublicKey] = useState<PemFile>();
  const [progress, setProgress] = useState<number>();
  const [exported, setExported] = useState<ExportedPackage>();
  const [error, setError] = useState<unknown>();

  const run = async () => {
    setError(undefined);
    setExported(undefined);
    setProgress(0);
    try {
      const r = await runJob<ExportedPackage>(
        'package/export',
        {
          since: since || undefined,
          includeDrafts,
          publicKeyPem: publicKey?.pem,
          device: device.trim() || null,
        },
        (fraction) => setProgress(fraction),
      ).result;
      downloadBase64(r.dataBase64, r.fileName, PACKAGE_MIME);
      setExported(r);
    } catch (e) {
      setError(e);
    } finally {
      setProgress(undefined);
    }
  };

  const m = exported?.manifest;
  return (
    <Card data-section="export">
      <Typography.Paragraph type="secondary">{t('packages.export.hint')}</Typography.Paragraph>
      <ErrorAlert error={error} onClose={() => setError(undefined)} />
      <Descriptions column={1} size="small" bordered styles={{ label: { width: 260 } }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('packages.export.since')}>
          <Space wrap>
            <DatePicker
              onChange={(d) => setSince(d ? d.startOf('day').toISOString() : '')}
              placeholder={t('packages.export.sincePlaceholder')}
              style={{ width: 180 }}
              data-input="since"
            />
            <Typography.Text type="secondary">{t('packages.export.sinceHint')}</Typography.Text>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('packages.export.includeDrafts')}>
          <Checkbox checked={includeDrafts} onChange={(e) => setIncludeDrafts(e.target.checked)} data-input="drafts">
            {t('packages.export.includeDraftsHint')}
          </Checkbox>
        </Descriptions.Item>
        <Descriptions.Item label={t('packages.export.device')}>
          <Input
            value={device}
            onChange={(e) => setDevice(e.target.value)}
            style={{ width: 260 }}
            maxLength={200}
            data-input="device"
          />
        </Descriptions.Item>
        <Descriptions.Item label={t('packages.export.publicKey')}>
          <PemInput
            kind="public"
            name="public-key"
            value={publicKey}
            onChange={setPublicKey}
            chooseText={t('packages.export.choosePublicKey')}
            wrongKindText={t('packages.export.notPublic')}
          />
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('packages.export.encryptHint')}
          </Typography.Paragraph>
        </Descriptions.Item>
      </Descriptions>
      <Button
        type="primary"
        icon={<ExportOutlined />}
        onClick={run}
        loading={progress !== undefined}
        data-action="export"
      >
        {t('packages.export.run')}
      </Button>
      {progress !== undefined && (
        <Progress percent={Math.round(progress * 100)} status="active" aria-label={t('packages.export.progress')} />
      )}
      {exported && m && (
        <div data-section="exported" style={{ marginTop: 16 }}>
          <Alert type="success" showIcon title={t('packages.export.done')} style={{ marginBottom: 12 }} />
          {m.counts.interviews === 0 && (
            <Alert type="warning" showIcon title={t('packages.export.empty')} style={{ marginBottom: 12 }} />
          )}
          {!m.encryption && (
            <Alert
              type="warning"
              showIcon
              title={t('packages.export.unencryptedWarning')}
              style={{ marginBottom: 12 }}
              data-warning="unencrypted"
            />
          )}
          <Descriptions column={2} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('packages.export.fileName')} span={2}>
              <code data-manifest="fileName">{exported.fileName}</code>
            </Descriptions.Item>
            <Descriptions.Item label={t('packages.export.interviews')}>
              <b data-manifest="interviews">{m.counts.interviews}</b>
            </Descriptions.Item>
            <Descriptions.Item label={t('packages.export.forms')}>
              <span data-manifest="forms">{m.counts.forms}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('packages.export.createdAt')}>{when(m.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('packages.export.device')}>{m.device ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('packages.export.encrypted')} span={2}>
              <Tag
                color={m.encryption ? 'green' : 'orange'}
                data-manifest="encrypted"
                data-value={String(!!m.encryption)}
              >
                {t(m.encryption ? 'packages.export.encryptedYes' : 'packages.export.encryptedNo')}
              </Tag>
              {m.encryption && (
                <Typography.Text type="secondary">
                  {t('packages.export.keyId')} <code>{m.encryption.keyId.slice(0, 16)}…</code>
                </Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('packages.export.sha256')} span={2}>
              <code data-manifest="sha256" style={{ wordBreak: 'break-all' }}>
                {m.payload.sha256}
              </code>
            </Descriptions.Item>
          </Descriptions>
          <Button
            style={{ marginTop: 12 }}
            icon={<DownloadOutlined />}
            onClick={() => downloadBase64(exported.dataBase64, exported.fileName, PACKAGE_MIME)}
          >
            {t('packages.export.again')}
          </Button>
        </div>
      )}
    </Card>
  );
}
