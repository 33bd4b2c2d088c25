import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Form as AntForm,
  Button,
  Card,
  Checkbox,
  Col,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ErrorBar,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Form } from '../../../src/form/model.ts';
import { labelOf } from '../../../src/form/model.ts';
import { call, hasOperation } from '../api/client.ts';
import { runJob } from '../api/jobs.ts';
import { downloadBase64, ErrorAlert, percent, useLoad } from '../common.tsx';
import { formLanguage } from '../i18n.ts';
import { loadForm } from './interview/formLoad.ts';
import { ComparePanel } from './results/Compare.tsx';
import { ProfilePanel } from './results/Profile.tsx';

/** One row of estimate/run (src/analysis/estimate-literacy.ts, src/survey/output.ts). */
export interface EstimateRow {
  domain: Record<string, string>;
  estimate: number;
  se: number;
  ci: [number, number];
  df: number;
  deff: number;
  n: number;
  n_eff: number;
  flags: string[];
  target?: { target: number; difference: number; ci: [number, number]; above: boolean; below: boolean };
}
export interface LiteracyEstimates {
  runId: string;
  weighted: boolean;
  weightingSchemeId: string | null;
  estimates: EstimateRow[];
  design: { respondents: number; strata: number; psus: number; df: number };
  notes: string[];
}
interface WeightingScheme {
  schemeId: string;
  name: string;
  runAt: string | null;
}

/** Where the last chosen weighting scheme is remembered between visits (per database: scheme ids are unique). */
const SCHEME_KEY = 'scilit.results.scheme';
const DATA_FORMATS = ['sav', 'dta', 'csv', 'xlsx'] as const;
type DataFormat = (typeof DATA_FORMATS)[number];
const MIME: Record<DataFormat | 'docx' | 'zip', string> = {
  sav: 'application/x-spss-sav',
  dta: 'application/x-stata-dta',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  zip: 'application/zip',
};

/** Results open on the scheme chosen last time, else the most recently run one (unweighted only if none ran). */
export function rememberedScheme(schemes: readonly WeightingScheme[]): string | undefined {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(SCHEME_KEY);
  } catch {
    saved = null;
  }
  if (saved === '') return undefined;
  if (saved && schemes.some((s) => s.schemeId === saved)) return saved;
  const run = schemes.filter((s) => s.runAt).sort((a, b) => (b.runAt ?? '').localeCompare(a.runAt ?? ''));
  return run[0]?.schemeId;
}

const BREAKDOWNS = [
  'overall',
  'group',
  'region_code',
  'region',
  'sex',
  'age_group',
  'residence',
  'education',
  'occupation',
];

export function isSuppressed(flags: readonly string[]): boolean {
  return flags.some((f) => f.startsWith('suppress') || f === 'no_interval');
}

/** A domain's name for people: a key population's or a choice's label, else the code. */
export function domainLabel(
  domain: Record<string, string>,
  form: Form | undefined,
  lang: string,
  overall: string,
): string {
  const parts = Object.entries(domain).map(([k, v]) => {
    if (!form) return v;
    if (k === 'group') return labelOf(form.groups.find((g) => g.name === v)?.label, lang, v);
    const field = form.survey.length ? findField(form, k) : undefined;
    const list = field?.listName ? form.choices[field.listName] : undefined;
    return labelOf(list?.find((c) => c.name === v)?.label, lang, v);
  });
  return parts.length ? parts.join(' × ') : overall;
}

function findField(form: Form, name: string) {
  const walk = (nodes: Form['survey']): { listName?: string } | undefined => {
    for (const n of nodes) {
      if (n.kind === 'field' && n.name === name) return n;
      if (n.kind === 'group') {
        const f = walk(n.children);
        if (f) return f;
      }
    }
    return undefined;
  };
  return walk(form.survey);
}

export function ResultsScreen() {
  const { t, i18n } = useTranslation();
  const lang = formLanguage(i18n.language);
  const [by, setBy] = useState('group');
  const [scheme, setSchemeState] = useState<string>();
  const [schemeReady, setSchemeReady] = useState(false);
  const setScheme = (v: string | undefined) => {
    setSchemeState(v);
    try {
      localStorage.setItem(SCHEME_KEY, v ?? '');
    } catch {
      // storage unavailable: the choice is not remembered
    }
  };
  const [dataFormat, setDataFormat] = useState<DataFormat>('sav');
  const [withSyntax, setWithSyntax] = useState(false);
  const [busyDownload, setBusyDownload] = useState<string>();
  const [target, setTarget] = useState<number>(15);
  const [ci, setCi] = useState('logit');
  const [lonelyPsu, setLonelyPsu] = useState('fail');
  const [result, setResult] = useState<LiteracyEstimates>();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>();
  const [reportOffered, setReportOffered] = useState(false);
  const form = useLoad(() => loadForm('civic_science_literacy', '2025.1').catch(() => undefined), []);
  const schemes = useLoad(
    async () => ((await hasOperation('weighting/list')) ? call<WeightingScheme[]>('weighting/list', {}) : []),
    [],
  );
  useEffect(() => {
    void hasOperation('report/export').then(setReportOffered);
  }, []);
  useEffect(() => {
    if (schemes.data && !schemeReady) {
      setSchemeState(rememberedScheme(schemes.data));
      setSchemeReady(true);
    }
  }, [schemes.data, schemeReady]);

  /** Only the newest question's answer is shown: an older, slower estimate (or its error) is dropped. */
  const latest = useRef(0);
  const run = async () => {
    const mine = ++latest.current;
    setRunning(true);
    setError(undefined);
    try {
      const args = {
        by: by === 'overall' ? undefined : by === 'group' ? 'group' : [by],
        weightingSchemeId: scheme || undefined,
        ci,
        lonelyPsu,
        target: target / 100,
      };
      const r = await runJob<LiteracyEstimates>('estimate/run', args, () => {}).result;
      if (mine === latest.current) setResult(r);
    } catch (e) {
      if (mine === latest.current) setError(e);
    } finally {
      if (mine === latest.current) setRunning(false);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: estimates again when the question changes
  useEffect(() => {
    if (schemeReady || schemes.error) void run();
  }, [by, scheme, ci, target, lonelyPsu, schemeReady, schemes.error]);

  /** The data with the design, as the screen weights it (the scheme shown, or none), optionally with syntax files. */
  const downloadData = async () => {
    setBusyDownload('data');
    try {
      const r = await runJob<{ files: { fileName: string; dataBase64: string }[] }>(
        'export/data',
        { format: dataFormat, weightingScheme: scheme ?? 'none', lonelyPsu, syntax: withSyntax },
        () => {},
      ).result;
      if (r.files.length === 1) {
        downloadBase64(r.files[0]!.dataBase64, r.files[0]!.fileName, MIME[dataFormat]);
      } else {
        const { zipSync } = await import('fflate');
        const { base64ToBytes, bytesToBase64 } = await import('../../../src/interchange/base64.ts');
        const zip = zipSync(Object.fromEntries(r.files.map((f) => [f.fileName, base64ToBytes(f.dataBase64)])));
        downloadBase64(bytesToBase64(zip), 'scilit-data.zip', MIME.zip);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusyDownload(undefined);
    }
  };

  const downloadNarrative = async () => {
    setBusyDownload('narrative');
    try {
      const r = await runJob<{ fileName: string; dataBase64: string }>(
        'report/narrative',
        { weightingScheme: scheme ?? 'none', target: target / 100, lonelyPsu, ci, lang },
        () => {},
      ).result;
      downloadBase64(r.dataBase64, r.fileName, MIME.docx);
    } catch (e) {
      setError(e);
    } finally {
      setBusyDownload(undefined);
    }
  };

  const exportReport = async () => {
    try {
      const r = await runJob<{ fileName: string; data?: string; dataBase64?: string }>(
        'report/export',
        { weightingScheme: scheme ?? 'none', target: target / 100, lonelyPsu, ci },
        () => {},
      ).result;
      downloadBase64(
        r.data ?? r.dataBase64 ?? '',
        r.fileName,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
    } catch (e) {
      setError(e);
    }
  };

  const overall = t('results.overall');
  const rows = (result?.estimates ?? []).map((e, i) => ({
    key: i,
    name: domainLabel(e.domain, form.data, lang, overall),
    ...e,
    suppressed: isSuppressed(e.flags),
  }));
  const chart = rows
    .filter((r) => !r.suppressed)
    .map((r) => ({
      name: r.name,
      p: r.estimate * 100,
      err: [(r.estimate - r.ci[0]) * 100, (r.ci[1] - r.estimate) * 100],
    }));

  return (
    <div data-screen="results">
      <Typography.Title level={3}>{t('results.title')}</Typography.Title>
      <ErrorAlert error={error} onClose={() => setError(undefined)} />
      <Card style={{ marginBottom: 16 }}>
        <AntForm layout="inline">
          <AntForm.Item label={t('results.by')}>
            <Select
              style={{ minWidth: 200 }}
              value={by}
              onChange={setBy}
              data-input="by"
              options={BREAKDOWNS.map((b) => ({ value: b, label: t(`results.breakdowns.${b}`) }))}
            />
          </AntForm.Item>
          <AntForm.Item label={t('results.weights')}>
            <Select
              style={{ minWidth: 220 }}
              value={scheme ?? ''}
              onChange={(v) => setScheme(v || undefined)}
              data-input="scheme"
              options={[
                { value: '', label: t('results.unweighted') },
                ...(schemes.data ?? []).map((s) => ({ value: s.schemeId, label: s.name })),
              ]}
            />
          </AntForm.Item>
          <AntForm.Item label={t('results.interval')}>
            <Select
              style={{ minWidth: 140 }}
              value={ci}
              onChange={setCi}
              options={['logit', 'beta', 'wilson', 'mean', 'asin'].map((m) => ({
                value: m,
                label: t(`results.ci.${m}`),
              }))}
            />
          </AntForm.Item>
          <AntForm.Item label={t('results.lonelyPsu')}>
            <Select
              style={{ minWidth: 150 }}
              value={lonelyPsu}
              onChange={setLonelyPsu}
              data-input="lonelyPsu"
              options={['fail', 'remove', 'certainty', 'adjust', 'average'].map((m) => ({
                value: m,
                label: t(`results.lonely.${m}`),
              }))}
            />
          </AntForm.Item>
          <AntForm.Item label={t('results.target')}>
            <InputNumber min={0} max={100} step={1} value={target} onChange={(v) => setTarget(v ?? 15)} suffix="%" />
          </AntForm.Item>
          {reportOffered && (
            <AntForm.Item>
              <Button icon={<DownloadOutlined />} onClick={exportReport} data-action="report">
                {t('results.exportReport')}
              </Button>
            </AntForm.Item>
          )}
          {reportOffered && (
            <AntForm.Item>
              <Button
                icon={<DownloadOutlined />}
                onClick={downloadNarrative}
                loading={busyDownload === 'narrative'}
                data-action="narrative"
              >
                {t('results.exportNarrative')}
              </Button>
            </AntForm.Item>
          )}
        </AntForm>
        <Space wrap style={{ marginTop: 12 }} data-section="data-download">
          <span>{t('results.dataDownload')}</span>
          <Select
            style={{ minWidth: 170 }}
            value={dataFormat}
            onChange={setDataFormat}
            data-input="dataFormat"
            options={DATA_FORMATS.map((f) => ({ value: f, label: t(`results.dataFormats.${f}`) }))}
          />
          <Checkbox checked={withSyntax} onChange={(e) => setWithSyntax(e.target.checked)} data-input="withSyntax">
            {t('results.withSyntax')}
          </Checkbox>
          <Button
            icon={<DownloadOutlined />}
            onClick={downloadData}
            loading={busyDownload === 'data'}
            data-action="download-data"
          >
            {t('results.downloadData')}
          </Button>
        </Space>
      </Card>
      {result && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Alert
            type={result.weighted ? 'info' : 'warning'}
            showIcon
            title={result.weighted ? t('results.weightedNote') : t('results.unweightedNote')}
            description={t('results.design', result.design)}
          />
          <Card title={t('results.table')} size="small">
            <Table
              size="small"
              loading={running}
              data-table="estimates"
              pagination={rows.length > 20 ? { pageSize: 20 } : false}
              dataSource={rows}
              columns={[
                { title: t('results.domain'), dataIndex: 'name' },
                {
                  title: t('results.ratio'),
                  dataIndex: 'estimate',
                  align: 'right',
                  render: (v: number, r) =>
                    r.suppressed ? (
                      <span title={t('results.suppressed')}>‡</span>
                    ) : (
                      <b data-estimate={v}>{percent(v)}</b>
                    ),
                },
                {
                  title: t('results.ciCol'),
                  key: 'ci',
                  align: 'right',
                  render: (_, r) => (r.suppressed ? '‡' : `${percent(r.ci[0])} – ${percent(r.ci[1])}`),
                },
                {
                  title: t('results.se'),
                  dataIndex: 'se',
                  align: 'right',
                  render: (v: number, r) => (r.suppressed ? '‡' : percent(v, 2)),
                },
                { title: 'n', dataIndex: 'n', align: 'right' },
                {
                  title: t('results.deff'),
                  dataIndex: 'deff',
                  align: 'right',
                  render: (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '—'),
                },
                {
                  title: t('results.vsTarget'),
                  key: 'target',
                  render: (_, r) =>
                    r.suppressed || !r.target ? (
                      ''
                    ) : r.target.above ? (
                      <Tag color="green">{t('results.above')}</Tag>
                    ) : r.target.below ? (
                      <Tag color="red">{t('results.below')}</Tag>
                    ) : (
                      <Tag>{t('results.notDifferent')}</Tag>
                    ),
                },
                {
                  title: t('results.flags'),
                  dataIndex: 'flags',
                  render: (flags: string[]) =>
                    flags.map((f) => (
                      <Tag key={f} color={f.startsWith('suppress') ? 'red' : 'gold'}>
                        {t(`results.flag.${f}`, { defaultValue: f })}
                      </Tag>
                    )),
                },
              ]}
            />
            <Typography.Text type="secondary">{t('results.suppressedNote')}</Typography.Text>
          </Card>
          <Row gutter={16}>
            <Col xs={24} xl={15}>
              <Card title={t('results.chart')} size="small">
                <div style={{ width: '100%', height: 320 }}>
                  <ResponsiveContainer>
                    <BarChart data={chart} margin={{ top: 20, right: 110, left: 0, bottom: 5 }}>
                      <CartesianGrid strokeDasharray="3 3" vertical={false} />
                      <XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
                      <YAxis unit="%" />
                      <Tooltip formatter={(v) => `${Number(v).toFixed(1)}%`} />
                      <Bar dataKey="p" fill="#1677ff" name={t('results.ratio')} isAnimationActive={false}>
                        <ErrorBar dataKey="err" width={6} strokeWidth={1.5} stroke="#333" />
                      </Bar>
                      <ReferenceLine
                        y={target}
                        stroke="#cf1322"
                        strokeDasharray="6 3"
                        label={{
                          value: `${t('results.target')} ${target}%`,
                          position: 'insideTopRight',
                          fill: '#cf1322',
                        }}
                      />
                    </BarChart>
                  </ResponsiveContainer>
                </div>
              </Card>
            </Col>
            <Col xs={24} xl={9}>
              <ProfilePanel scheme={scheme} lonelyPsu={lonelyPsu} ci={ci} />
            </Col>
          </Row>
          <ComparePanel form={form.data} lang={lang} scheme={scheme} ci={ci} lonelyPsu={lonelyPsu} />
        </Space>
      )}
    </div>
  );
}
