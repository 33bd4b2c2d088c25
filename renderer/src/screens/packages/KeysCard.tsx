import { DownloadOutlined, KeyOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client.ts';
import { downloadBase64, ErrorAlert } from '../../common.tsx';

const PEM_MIME = 'application/x-pem-file';

/** PEM text is ASCII: base64 of its characters is base64 of its bytes. */
const downloadPem = (pem: string, fileName: string) => downloadBase64(btoa(pem), fileName, PEM_MIME);

/** The office key pair, made here and handed over as two files; the app itself keeps no key. */
export function KeysCard() {
  const { t } = useTranslation();
  const [keys, setKeys] = useState<{ publicPem: string; privatePem: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const generate = async () => {
    setError(undefined);
    setBusy(true);
    try {
      setKeys(await call<{ publicPem: string; privatePem: string }>('keys/generate', {}));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card data-section="keys">
      <Typography.Paragraph type="secondary">{t('packages.keys.hint')}</Typography.Paragraph>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('packages.keys.warningTitle')}
        description={t('packages.keys.warning')}
        data-warning="private-key"
      />
      <ErrorAlert error={error} onClose={() => setError(undefined)} />
      <Button icon={<KeyOutlined />} onClick={generate} loading={busy} data-action="generate-keys">
        {t('packages.keys.generate')}
      </Button>
      {keys && (
        <div data-section="keys-ready" style={{ marginTop: 16 }}>
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('packages.keys.generated')} />
          <Space wrap>
            <Button
              icon={<DownloadOutlined />}
              onClick={() => downloadPem(keys.publicPem, 'office-public.pem')}
              data-action="download-public"
            >
              {t('packages.keys.downloadPublic')}
            </Button>
            <Button
              danger
              icon={<DownloadOutlined />}
              onClick={() => downloadPem(keys.privatePem, 'office-private.pem')}
              data-action="download-private"
            >
              {t('packages.keys.downloadPrivate')}
            </Button>
          </Space>
        </div>
      )}
    </Card>
  );
}
