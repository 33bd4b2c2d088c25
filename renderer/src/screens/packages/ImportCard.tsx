import { ImportOutlined, InboxOutlined, StopOutlined } from '@ant-design/icons';
import { Button, Card, Progress, Space, Typography, Upload, type UploadFile } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type JobHandle, runJob } from '../../api/jobs.ts';
import { ErrorAlert, fileToBase64 } from '../../common.tsx';
import { ImportResults } from './ImportResults.tsx';
import { PemInput } from './PemInput.tsx';
import type { ImportOutcome, PemFile } from './shapes.ts';

/**
 * Files go to the core in jobs of at most this many bytes (and at least one file each): a week of USB sticks
 * is never held in memory as one base64 request, and cancelling stops between jobs as well as between packages.
 */
const BYTES_PER_JOB = 32 * 1024 * 1024;

function chunks(files: File[]): File[][] {
  const out: File[][] = [];
  let current: File[] = [];
  let size = 0;
  for (const f of files) {
    if (current.length && size + f.size > BYTES_PER_JOB) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(f);
    size += f.size;
  }
  if (current.length) out.push(current);
  return out;
}

/** At the office: one or many package files merged, each in its own transaction, with a row per file. */
export function ImportCard({ onImported }: { onImported(): void }) {
  const { t } = useTranslation();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [privateKey, setPrivateKey] = useState<PemFile>();
  const [progress, setProgress] = useState<{ fraction: number; message: string }>();
  const [results, setResults] = useState<ImportOutcome[]>();
  const [error, setError] = useState<unknown>();
  const job = useRef<{ handle?: JobHandle<unknown>; cancelled: boolean }>({ cancelled: false });

  const run = async () => {
    setError(undefined);
    setResults(undefined);
    setProgress({ fraction: 0, message: '' });
    job.current = { cancelled: false };
    const all = files.map((f) => f.originFileObj as File);
    const done: ImportOutcome[] = [];
    try {
      for (const group of chunks(all)) {
        if (job.current.cancelled) break;
        const payload = await Promise.all(
          group.map(async (f) => ({ fileName: f.name, dataBase64: await fileToBase64(f) })),
        );
        const before = done.length;
        const handle = runJob<{ results: ImportOutcome[] }>(
          'package/importMany',
          { files: payload, privateKeyPem: privateKey?.pem },
          (fraction, message) => setProgress({ fraction: (before + fraction * group.length) / all.length, message }),
        );
        job.current.handle = handle;
        done.push(...(await handle.result).results);
        setResults([...done]);
      }
    } catch (e) {
      setError(e);
      if (done.length) setResults([...done]);
    } finally {
      setProgress(undefined);
      job.current.handle = undefined;
      onImported();
    }
  };

  const cancel = () => {
    job.current.cancelled = true;
    void job.current.handle?.cancel();
  };

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
            disabled={!!progress}
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
          {progress ? (
            <Button icon={<StopOutlined />} onClick={cancel} data-action="cancel-import">
              {t('packages.import.cancel')}
            </Button>
          ) : (
            files.length > 0 && (
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
            )
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
      {results && <ImportResults results={results} />}
    </Card>
  );
}
