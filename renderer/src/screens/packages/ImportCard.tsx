import { ImportOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Space, Table, Tag, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { runJob } from '../../api/jobs.ts';
import { ErrorAlert, fileToBase64 } from '../../common.tsx';
import { PemInput } from './PemInput.tsx';
import type { ImportOutcome, PemFile } from './shapes.ts';

type Outcome = 'merged' | 'already' | 'refused' | 'conflicts';
const OUTCOME_COLOR: Record<Outcome, string> = {
  merged: 'green',
  already: 'blue',
  refused: 'red',
  conflicts: 'orange',
};

function outcomeOf(r: ImportOutcome): Outcome {
  if (!r.ok) return 'refused';
  if (r.summary.alreadyImported) return 'already';
  return r.summary.conflicts.length ? 'conflicts' : 'merged';
}

const COUNTS = ['interviews', 'added', 'superseded', 'identical', 'older'] as const;

/** At the office: one or many package files merged, each in its own transaction, with a row per file. */
export function ImportCard({ onImported }: { onImported(): void }) {
  const { t } = useTranslation();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [privateKey, setPrivateKey] = useState<PemFile>();
  const [progress, setProgress] = useState<{ fraction: number; message: string }>();
  const [results, setResults] = useState<ImportOutcome[]>();
  const [error, setError] = useState<unknown>();

  const run = async () => {
    setError(undefined);
    setResults(undefined);
    setProgress({ fraction: 0, message: '' });
    try {
      const payload = await Promise.all(
        files.map(async (f) => ({
          fileName: f.name,
          dataBase64: await fileToBase64(f.originFileObj as File),
        })),
      );
      const r = await runJob<{ results: ImportOutcome[] }>(
        'package/importMany',
        { files: payload, privateKeyPem: privateKey?.pem },
        (fraction, message) => setProgress({ fraction, message }),
      ).result;
      setResults(r.results);
    } catch (e) {
      setError(e);
    } finally {
      setProgress(undefined);
      onImported();
    }
  };

  const merged = results?.filter((r) => r.ok) ?? [];
  const refused = (results?.length ?? 0) - merged.length;
  const added = merged.reduce((n, r) => n + (r.ok ? r.summary.added : 0), 0);
  const conflicted = merged.reduce((n, r) => n + (r.ok ? r.summary.conflicts.length : 0), 0);

  return (
    <Card data-section="import">
      <Typography.Paragraph type="secondary">{t('packages.import.hint')}</Typography.Paragraph>
      <ErrorAlert error={error} onClose={() => setError(undefined)} />
      <Space orientation="vertical" style={{ width: '100%' }}>
        <span data-input="packages">
          <Upload.Dragger
            accept=".scilitpkg"
            multiple
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => {
              setFiles(fileList);
              setResults(undefined);
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('packages.import.choose')}</p>
            <p className="ant-upload-hint">{t('packages.import.chooseHint')}</p>
          </Upload.Dragger>
        </span>
        <Space wrap align="center">
          <span>{t('packages.import.privateKey')}</span>
          <PemInput
            kind="private"
            name="private-key"
            value={privateKey}
            onChange={setPrivateKey}
            chooseText={t('packages.import.choosePrivateKey')}
            wrongKindText={t('packages.import.notPrivate')}
          />
        </Space>
        <Space>
          <Button
            type="primary"
            icon={<ImportOutlined />}
            disabled={files.length === 0}
            loading={!!progress}
            onClick={run}
            data-action="import"
          >
            {t('packages.import.run', { count: files.length })}
          </Button>
          {files.length > 0 && !progress && (
            <Button
              type="link"
              onClick={() => {
                setFiles([]);
                setResults(undefined);
              }}
              data-action="clear-files"
            >
              {t('packages.import.clear')}
            </Button>
          )}
        </Space>
        {progress && (
          <Progress
            percent={Math.round(progress.fraction * 100)}
            status="active"
            aria-label={t('packages.import.progress')}
          />
        )}
      </Space>

      {results && (
        <div data-section="import-results" style={{ marginTop: 16 }}>
          <Alert
            type={refused ? 'warning' : conflicted ? 'info' : 'success'}
            showIcon
            style={{ marginBottom: 12 }}
            title={t('packages.import.summary', { merged: merged.length, refused, added })}
            description={conflicted ? t('packages.import.conflictNote', { count: conflicted }) : undefined}
            data-summary-added={added}
          />
          <Table<ImportOutcome>
            size="small"
            rowKey={(r, i) => `${i}-${r.fileName}`}
            dataSource={results}
            pagination={results.length > 20 ? { pageSize: 20 } : false}
            onRow={(r) => ({ 'data-file': r.fileName ?? '', 'data-outcome': outcomeOf(r) }) as object}
            columns={[
              {
                title: t('packages.import.file'),
                key: 'file',
                width: 230,
                render: (_, r) => <span style={{ wordBreak: 'break-all' }}>{r.fileName}</span>,
              },
              {
                title: t('packages.import.outcome'),
                key: 'outcome',
                width: 110,
                render: (_, r) => (
                  <Tag color={OUTCOME_COLOR[outcomeOf(r)]}>{t(`packages.import.outcomes.${outcomeOf(r)}`)}</Tag>
                ),
              },
              ...COUNTS.map((c) => ({
                title: t(`packages.import.${c}`),
                key: c,
                align: 'right' as const,
                width: 96,
                render: (_: unknown, r: ImportOutcome) => (r.ok ? <span data-count={c}>{r.summary[c]}</span> : '—'),
              })),
              {
                title: t('packages.import.conflicts'),
                key: 'conflicts',
                align: 'right' as const,
                width: 72,
                render: (_, r) =>
                  r.ok ? (
                    <span data-count="conflicts" style={r.summary.conflicts.length ? { color: '#d46b08' } : undefined}>
                      {r.summary.conflicts.length}
                    </span>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('packages.import.note'),
                key: 'note',
                render: (_, r) => <Note result={r} />,
              },
            ]}
          />
        </div>
      )}
    </Card>
  );
}

function Note({ result: r }: { result: ImportOutcome }) {
  const { t } = useTranslation();
  if (!r.ok) {
    return (
      <span data-error={r.error.code}>
        <Typography.Text type="danger">
          {t(`packages.errors.${r.error.code}`, { defaultValue: t('packages.errors.other') })}
        </Typography.Text>
        <br />
        <Typography.Text type="secondary" data-message>
          {r.error.message}
        </Typography.Text>
      </span>
    );
  }
  const s = r.summary;
  const notes: string[] = [];
  if (s.alreadyImported) notes.push(t('packages.import.alreadyNote'));
  if (s.conflicts.length) notes.push(t('packages.import.conflictNote', { count: s.conflicts.length }));
  if (s.formsAdded) notes.push(t('packages.import.formsAdded', { count: s.formsAdded }));
  return <span>{notes.join(' ')}</span>;
}
