import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Select, Space, Statistic, Steps, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { allFields, type Form, labelOf } from '../../../src/form/model.ts';
import type { HomeOverview } from '../../../src/store/overview.ts';
import { call, hasOperation } from '../api/client.ts';
import { type JobHandle, runJob } from '../api/jobs.ts';
import type { ColumnMapping, FileProblem, ImportResult } from '../api/shapes.ts';
import { downloadBase64, ErrorAlert, fileToBase64, useLoad } from '../common.tsx';
import { formLanguage } from '../i18n.ts';
import { loadForm } from './interview/formLoad.ts';

type Checked = ImportResult;

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The mapped field's question in the UI's language, after the core's description of the target. */
function targetText(m: ColumnMapping, form: Form | undefined, lang: string): string {
  const name = m.target.split(/[\s(（=]/)[0] ?? '';
  const field = form && m.ok ? allFields(form).find((f) => f.name === name) : undefined;
  return field ? `${name} · ${labelOf(field.label, lang, name)}` : m.target;
}

export function ImportScreen() {
  const { t, i18n } = useTranslation();
  const lang = formLanguage(i18n.language);
  const overview = useLoad(() => call<HomeOverview>('overview/home', {}), []);
  const forms = overview.data?.forms ?? [];
  const [form, setForm] = useState<string>();
  const [file, setFile] = useState<{ name: string; data: string }>();
  const [checked, setChecked] = useState<Checked>();
  const [result, setResult] = useState<Checked>();
  const [progress, setProgress] = useState<{ fraction: number; message: string }>();
  const [job, setJob] = useState<JobHandle<Checked>>();
  const [error, setError] = useState<unknown>();
  const [templateOffered, setTemplateOffered] = useState(false);

  useEffect(() => {
    if (!form && forms.length) {
      const last = forms[forms.length - 1];
      if (last) setForm(JSON.stringify([last.form_id, last.version]));
    }
  }, [form, forms]);
  useEffect(() => {
    void hasOperation('form/template').then(setTemplateOffered);
  }, []);

  const [formId, version] = form ? (JSON.parse(form) as [string, string]) : [undefined, undefined];
  const loadedForm = useLoad(
    async () => (formId && version ? loadForm(formId, version) : undefined),
    [formId, version],
  );
  const step = result ? 3 : job ? 2 : checked ? 1 : 0;

  const run = async (dryRun: boolean) => {
    if (!file || !formId) return;
    setError(undefined);
    setProgress({ fraction: 0, message: '' });
    const handle = runJob<Checked>(
      'import/responses',
      { fileName: file.name, data: file.data, formId, version, dryRun, withErrorReport: dryRun },
      (fraction, message) => setProgress({ fraction, message }),
    );
    if (!dryRun) setJob(handle);
    try {
      const r = await handle.result;
      if (dryRun) setChecked(r);
      else setResult(r);
    } catch (e) {
      setError(e);
      setJob(undefined);
    } finally {
      setProgress(undefined);
    }
  };

  const choose = async (f: File) => {
    setChecked(undefined);
    setResult(undefined);
    setJob(undefined);
    setFile({ name: f.name, data: await fileToBase64(f) });
    return false;
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: checks again when the file or the form changes
  useEffect(() => {
    if (file && formId) void run(true);
  }, [file, formId, version]);

  const template = async () => {
    try {
      const r = await call<{ fileName: string; data: string }>('form/template', { formId, version });
      downloadBase64(r.data, r.fileName, XLSX_MIME);
    } catch (e) {
      setError(e);
    }
  };

  const problems = checked?.problems ?? [];
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');

  return (
    <div data-screen="import">
      <Typography.Title level={3}>{t('import.title')}</Typography.Title>
      <Steps
        current={step}
        style={{ marginBottom: 20 }}
        items={[
          { title: t('import.steps.choose') },
          { title: t('import.steps.check') },
          { title: t('import.steps.commit') },
          { title: t('import.steps.done') },
        ]}
      />
      <ErrorAlert error={error ?? overview.error} onClose={() => setError(undefined)} />
      <Card style={{ marginBottom: 16 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <span>{t('interview.form')}</span>
            <Select
              style={{ minWidth: 320 }}
              value={form}
              onChange={setForm}
              data-input="form"
              options={forms.map((f) => ({
                value: JSON.stringify([f.form_id, f.version]),
                label: `${f.title} (${f.version})`,
              }))}
            />
            {templateOffered && (
              <Button icon={<DownloadOutlined />} onClick={template} disabled={!formId} data-action="template">
                {t('import.template')}
              </Button>
            )}
          </Space>
          <Upload.Dragger
            accept=".xlsx,.csv"
            showUploadList={false}
            beforeUpload={choose}
            data-input="file"
            disabled={!formId}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{file ? file.name : t('import.chooseFile')}</p>
            <p className="ant-upload-hint">{t('import.chooseHint')}</p>
          </Upload.Dragger>
          {progress && (
            <Progress percent={Math.round(progress.fraction * 100)} status="active" aria-label={t('import.progress')} />
          )}
        </Space>
      </Card>

      {checked && !result && (
        <>
          <Card title={t('import.check')} style={{ marginBottom: 16 }} data-section="check">
            {errors.length ? (
              <Alert
                type="error"
                showIcon
                title={t('import.problemsFound', { count: errors.length, rows: checked.rowsTotal })}
                description={labelOf(checked.message, lang)}
                data-problems={errors.length}
                style={{ marginBottom: 12 }}
              />
            ) : (
              <Alert
                type={checked.status === 'dry_run' ? 'success' : 'info'}
                showIcon
                data-status={checked.status}
                title={t(checked.status === 'dry_run' ? 'import.ready' : 'import.nothingNew', {
                  rows: checked.rowsTotal,
                })}
                description={labelOf(checked.message, lang)}
                style={{ marginBottom: 12 }}
              />
            )}
            <Space style={{ marginBottom: 12 }}>
              <Button
                type="primary"
                disabled={errors.length > 0 || !!job}
                onClick={() => void run(false)}
                data-action="commit"
              >
                {t('import.commit', { rows: checked.rowsTotal })}
              </Button>
              {checked.errorReport && (
                <Button
                  icon={<DownloadOutlined />}
                  onClick={() =>
                    downloadBase64(checked.errorReport as string, `${file?.name ?? 'import'}-problems.xlsx`, XLSX_MIME)
                  }
                >
                  {t('import.errorReport')}
                </Button>
              )}
            </Space>
            {problems.length > 0 && (
              <Table<FileProblem>
                size="small"
                data-table="problems"
                rowKey={(p, i) => `${p.code}-${p.row}-${p.column}-${i}`}
                dataSource={[...errors, ...warnings]}
                pagination={problems.length > 20 ? { pageSize: 20 } : false}
                columns={[
                  {
                    title: t('import.severity'),
                    dataIndex: 'severity',
                    render: (s: string) => <Tag color={s === 'error' ? 'red' : 'gold'}>{t(`import.${s}`)}</Tag>,
                  },
                  { title: t('import.sheet'), dataIndex: 'sheet' },
                  { title: t('import.row'), dataIndex: 'row', align: 'right' },
                  { title: t('import.column'), dataIndex: 'column' },
                  { title: t('import.value'), dataIndex: 'value' },
                  {
                    title: t('import.reason'),
                    dataIndex: 'reason',
                    render: (r: FileProblem['reason']) => labelOf(r, lang),
                  },
                ]}
              />
            )}
          </Card>
          <Card title={t('import.mapping')} data-section="mapping">
            <Table<ColumnMapping>
              size="small"
              rowKey="column"
              dataSource={checked.mapping}
              pagination={checked.mapping.length > 15 ? { pageSize: 15 } : false}
              columns={[
                { title: t('import.column'), dataIndex: 'column' },
                {
                  title: t('import.mapsTo'),
                  key: 'target',
                  render: (_, m) => <Tag color={m.ok ? 'blue' : 'red'}>{targetText(m, loadedForm.data, lang)}</Tag>,
                },
                {
                  title: t('import.how'),
                  dataIndex: 'how',
                  render: (h?: string) => (h ? t(`import.howMatched.${h}`, { defaultValue: h }) : ''),
                },
              ]}
            />
          </Card>
        </>
      )}

      {result && (
        <Card title={t('import.done')} data-section="result">
          <Alert
            type={result.conflicts.length ? 'warning' : 'success'}
            showIcon
            title={labelOf(result.message, lang)}
            style={{ marginBottom: 16 }}
          />
          <Space size={48} style={{ display: 'flex', marginBottom: 16 }}>
            <Statistic title={t('import.added')} value={result.added} data-stat="added" />
            <Statistic title={t('import.skipped')} value={result.skipped} data-stat="skipped" />
            <Statistic title={t('import.conflicts')} value={result.conflicts.length} data-stat="conflicts" />
          </Space>
          {result.conflicts.length > 0 && (
            <Table
              size="small"
              rowKey={(c) => `${c.row}-${c.interviewId}`}
              dataSource={result.conflicts}
              pagination={false}
              columns={[
                { title: t('import.row'), dataIndex: 'row' },
                { title: t('import.interviewId'), dataIndex: 'interviewId' },
                { title: t('import.differs'), dataIndex: 'fields', render: (f: string[]) => f.join(', ') },
              ]}
            />
          )}
          <Button
            style={{ marginTop: 16 }}
            onClick={() => {
              setFile(undefined);
              setChecked(undefined);
              setResult(undefined);
              setJob(undefined);
            }}
            data-action="another"
          >
            {t('import.another')}
          </Button>
        </Card>
      )}
    </div>
  );
}
