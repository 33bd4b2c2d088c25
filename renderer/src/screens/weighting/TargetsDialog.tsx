import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Input, InputNumber, Modal, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client.ts';
import { runJob } from '../../api/jobs.ts';
import { ErrorAlert, fileToBase64 } from '../../common.tsx';

/** A row of a target set (src/store/targets.ts PopulationTarget). */
export interface TargetRow {
  variables: string[];
  categories: string[];
  population: number;
}
interface Problem {
  severity: 'error' | 'warning';
  row?: number;
  column?: string;
  value?: string;
  reason: { zh: string; en: string };
}
interface ImportPreview {
  status: 'imported' | 'refused' | 'preview';
  name: string;
  targets: TargetRow[];
  totals: { variables: string[]; total: number }[];
  problems: Problem[];
}

function totalsOf(rows: readonly TargetRow[]) {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r.variables.join(' × '), (m.get(r.variables.join(' × ')) ?? 0) + r.population);
  return [...m];
}

/**
 * The city's own population targets: read a file (margins `variable, category, population`, or full cells: one
 * column per variable, then `population`; .xlsx or .csv, GB18030 welcome), preview and check it, edit the counts,
 * and store it as a target set. `edit` opens a stored set instead of a file.
 */
export function TargetsDialog({
  open,
  edit,
  onClose,
  onSaved,
}: {
  open: boolean;
  edit?: string;
  onClose: () => void;
  onSaved: (name: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const [name, setName] = useState('');
  const [source, setSource] = useState<string>();
  const [rows, setRows] = useState<TargetRow[]>();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [loaded, setLoaded] = useState<string>();

  if (open && edit && loaded !== edit) {
    setLoaded(edit);
    void call<{ name: string; source: string | null; targets: TargetRow[] }>('targets/get', { name: edit })
      .then((r) => {
        setName(r.name);
        setSource(r.source ?? undefined);
        setRows(r.targets);
        setProblems([]);
        setReplace(true);
      })
      .catch(setError);
  }

  const read = async (file: File) => {
    setBusy(true);
    setError(undefined);
    try {
      const stem = file.name.replace(/\.[^.]+$/, '');
      const r = await runJob<ImportPreview>(
        'targets/import',
        { fileName: file.name, data: await fileToBase64(file), name: stem, dryRun: true },
        () => {},
      ).result;
      setName(r.name);
      setSource(`file ${file.name}`);
      setRows(r.targets);
      setProblems(r.problems);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
    return false;
  };

  const save = async () => {
    if (!rows) return;
    setBusy(true);
    setError(undefined);
    try {
      await call('targets/save', { name, source, targets: rows, replace });
      onSaved(name);
      setRows(undefined);
      setLoaded(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const errors = problems.filter((p) => p.severity === 'error');
  const close = () => {
    setRows(undefined);
    setLoaded(undefined);
    setProblems([]);
    onClose();
  };
  return (
    <Modal
      open={open}
      title={edit ? t('weighting.targetsDialog.editTitle', { name: edit }) : t('weighting.targetsDialog.title')}
      width={900}
      onCancel={close}
      data-dialog="targets"
      footer={[
        <Button key="cancel" onClick={close}>
          {t('weighting.targetsDialog.cancel')}
        </Button>,
        <Button
          key="save"
          type="primary"
          loading={busy}
          disabled={!rows || rows.length === 0 || errors.length > 0 || !name}
          onClick={save}
          data-action="save-targets"
        >
          {t('weighting.targetsDialog.save')}
        </Button>,
      ]}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <ErrorAlert error={error} onClose={() => setError(undefined)} />
        {!edit && (
          <>
            <Typography.Paragraph type="secondary">{t('weighting.targetsDialog.layout')}</Typography.Paragraph>
            <Upload accept=".xlsx,.xls,.csv" showUploadList={false} beforeUpload={read} data-input="targets-file">
              <Button icon={<UploadOutlined />} loading={busy} data-action="choose-targets">
                {t('weighting.targetsDialog.choose')}
              </Button>
            </Upload>
          </>
        )}
        {errors.length > 0 && (
          <Alert
            type="error"
            showIcon
            data-alert="targets-problems"
            title={t('weighting.targetsDialog.problems', { n: errors.length })}
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {errors.slice(0, 20).map((p) => (
                  <li key={`${p.row ?? ''}-${p.column ?? ''}-${p.reason.en}`}>
                    {p.row ? t('weighting.targetsDialog.at', { row: p.row, column: p.column ?? '' }) : ''}
                    {en ? p.reason.en : p.reason.zh}
                  </li>
                ))}
              </ul>
            }
          />
        )}
        {rows && (
          <>
            <Space wrap>
              <span>{t('weighting.targetsDialog.name')}</span>
              <Input
                value={name}
                onChange={(e) => setName(e.target.value)}
                style={{ width: 260 }}
                data-input="targets-name"
              />
              <Checkbox checked={replace} onChange={(e) => setReplace(e.target.checked)}>
                {t('weighting.targetsDialog.replace')}
              </Checkbox>
            </Space>
            <Table
              size="small"
              rowKey={(r) => `${r.variables.join('|')}=${r.categories.join('|')}`}
              dataSource={rows}
              data-table="targets-preview"
              pagination={rows.length > 12 ? { pageSize: 12 } : false}
              columns={[
                {
                  title: t('weighting.targetsDialog.variables'),
                  key: 'v',
                  render: (_, r) =>
                    r.variables.map((v) => t(`results.breakdowns.${v}`, { defaultValue: v })).join(' × '),
                },
                { title: t('weighting.targetsDialog.category'), key: 'c', render: (_, r) => r.categories.join(' × ') },
                {
                  title: t('weighting.targetsDialog.population'),
                  key: 'p',
                  align: 'right',
                  render: (_, r, i) => (
                    <InputNumber
                      min={0}
                      value={r.population}
                      style={{ width: 140 }}
                      data-input={`population-${i}`}
                      onChange={(v) =>
                        setRows((old) => old?.map((x) => (x === r ? { ...x, population: Number(v ?? 0) } : x)))
                      }
                    />
                  ),
                },
              ]}
            />
            <Typography.Text data-totals>
              {t('weighting.targetsDialog.totals')}{' '}
              {totalsOf(rows)
                .map(([v, total]) => `${v}: ${Math.round(total).toLocaleString()}`)
                .join('；')}
            </Typography.Text>
          </>
        )}
      </Space>
    </Modal>
  );
}
