import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Row, Select, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Form } from '../../../src/form/model.ts';
import { labelOf } from '../../../src/form/model.ts';
import { call } from '../api/client.ts';
import { downloadBase64, ErrorAlert, fileToBase64, useLoad } from '../common.tsx';
import { loadForm } from './interview/formLoad.ts';
import { buildPages } from './interview/pages.ts';
import { Question } from './interview/Question.tsx';

interface FormListRow {
  formId: string;
  version: string;
  title: string;
  importedAt: string;
  sourceName: string | null;
}
interface FormIssue {
  sheet: string;
  row?: number;
  column?: string;
  header?: string;
  message: string;
  zh?: string;
  severity?: 'warning';
}

/** The form as a respondent sees it, every screen in one language. */
function Preview({ form, lang }: { form: Form; lang: string }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {buildPages(form).map((p) => (
        <Card key={p.key} size="small">
          {p.group && <Typography.Title level={5}>{labelOf(p.group.label, lang)}</Typography.Title>}
          {p.fields.map((f) => (
            <Question
              key={f.name}
              field={f}
              lang={lang}
              value={null}
              choices={f.listName ? (form.choices[f.listName] ?? []) : []}
              problem={null}
              onChange={() => {}}
            />
          ))}
        </Card>
      ))}
    </Space>
  );
}

/** A workbook's problems (or warnings), each with the place to look in Excel. */
function IssueTable({ type, title, items }: { type: 'error' | 'warning'; title: string; items: FormIssue[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Alert
      type={type}
      showIcon
      style={{ marginBottom: 12 }}
      title={title}
      description={
        <Table
          size="small"
          pagination={false}
          rowKey={(i) => `${i.sheet}-${i.row}-${i.column}-${i.message}`}
          dataSource={items}
          columns={[
            { title: t('import.sheet'), dataIndex: 'sheet' },
            { title: t('import.row'), dataIndex: 'row' },
            {
              title: t('import.column'),
              key: 'col',
              render: (_, i) => [i.column, i.header && `(${i.header})`].filter(Boolean).join(' '),
            },
            {
              title: t('import.reason'),
              key: 'reason',
              render: (_, i) => (i18n.language.startsWith('zh') ? (i.zh ?? i.message) : i.message),
            },
          ]}
        />
      }
    />
  );
}

export function FormsScreen() {
  const { t } = useTranslation();
  const forms = useLoad(() => call<FormListRow[]>('form/list', {}), []);
  const [selected, setSelected] = useState<string>();
  const [issues, setIssues] = useState<FormIssue[]>();
  const [warnings, setWarnings] = useState<FormIssue[]>();
  const [imported, setImported] = useState<string>();
  const [error, setError] = useState<unknown>();
  const rows = forms.data ?? [];
  const current =
    selected ??
    (rows.length ? JSON.stringify([rows[rows.length - 1]?.formId, rows[rows.length - 1]?.version]) : undefined);
  const [formId, version] = current ? (JSON.parse(current) as [string, string]) : [undefined, undefined];
  const form = useLoad(async () => (formId && version ? loadForm(formId, version) : undefined), [formId, version]);

  const importWorkbook = async (file: File) => {
    setError(undefined);
    setIssues(undefined);
    setWarnings(undefined);
    setImported(undefined);
    const data = await fileToBase64(file);
    try {
      const check = await call<{ ok: boolean; issues: FormIssue[]; warnings: FormIssue[] }>('form/check', {
        fileName: file.name,
        data,
      });
      if (check.warnings.length) setWarnings(check.warnings);
      if (!check.ok) {
        setIssues(check.issues);
        return false;
      }
      const r = await call<{ formId: string; version: string; status: string }>('form/import', {
        fileName: file.name,
        data,
      });
      setImported(t(r.status === 'added' ? 'forms.added' : 'forms.unchanged', { id: r.formId, version: r.version }));
      setSelected(JSON.stringify([r.formId, r.version]));
      forms.reload();
    } catch (e) {
      setError(e);
    }
    return false;
  };

  const exportForm = async (row: FormListRow) => {
    try {
      const r = await call<{ fileName: string; data: string }>('form/export', {
        formId: row.formId,
        version: row.version,
      });
      downloadBase64(r.data, r.fileName, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div data-screen="forms">
      <Typography.Title level={3}>{t('nav.forms')}</Typography.Title>
      <ErrorAlert error={error ?? forms.error} onClose={() => setError(undefined)} />
      <Card
        title={t('forms.versions')}
        style={{ marginBottom: 16 }}
        extra={
          <Upload accept=".xlsx,.xls" showUploadList={false} beforeUpload={importWorkbook}>
            <Button type="primary" icon={<UploadOutlined />} data-action="import-form">
              {t('forms.import')}
            </Button>
          </Upload>
        }
      >
        {imported && <Alert type="success" showIcon title={imported} style={{ marginBottom: 12 }} />}
        {issues && <IssueTable type="error" title={t('forms.issues', { count: issues.length })} items={issues} />}
        {warnings && (
          <IssueTable type="warning" title={t('forms.warnings', { count: warnings.length })} items={warnings} />
        )}
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => `${r.formId}@${r.version}`}
          dataSource={rows}
          onRow={(r) => ({
            onClick: () => setSelected(JSON.stringify([r.formId, r.version])),
            style: { cursor: 'pointer' },
          })}
          columns={[
            { title: t('forms.title'), dataIndex: 'title' },
            { title: t('forms.formId'), dataIndex: 'formId' },
            { title: t('forms.version'), dataIndex: 'version' },
            { title: t('forms.source'), dataIndex: 'sourceName' },
            {
              title: t('forms.importedAt'),
              dataIndex: 'importedAt',
              render: (v: string) => v.slice(0, 16).replace('T', ' '),
            },
            {
              title: '',
              key: 'x',
              render: (_, r) => (
                <Button size="small" icon={<DownloadOutlined />} onClick={() => void exportForm(r)}>
                  {t('forms.export')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Card
        title={t('forms.preview')}
        extra={
          <Select
            style={{ minWidth: 280 }}
            value={current}
            onChange={setSelected}
            options={rows.map((r) => ({
              value: JSON.stringify([r.formId, r.version]),
              label: `${r.title} (${r.version})`,
            }))}
          />
        }
      >
        {form.data ? (
          <Row gutter={16} data-section="preview" style={{ maxHeight: '70vh', overflowY: 'auto' }}>
            {form.data.languages.map((l) => (
              <Col key={l.code} span={24 / Math.max(1, Math.min(2, form.data?.languages.length ?? 1))}>
                <Typography.Title level={5}>{l.name}</Typography.Title>
                <Preview form={form.data as Form} lang={l.code} />
              </Col>
            ))}
          </Row>
        ) : (
          <Empty />
        )}
      </Card>
    </div>
  );
}
