import {
  Alert,
  Form as AntForm,
  Button,
  Card,
  Checkbox,
  Col,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { WeightDiagnostics, WeightingWarning } from '../../../src/survey/types.ts';
import { call } from '../api/client.ts';
import { runJob } from '../api/jobs.ts';
import { ErrorAlert, useLoad } from '../common.tsx';
import { navigate } from '../route.ts';
import { AchievedTable, type WeightingCheck } from './weighting/Achieved.tsx';
import { TargetsDialog } from './weighting/TargetsDialog.tsx';

interface TargetSetInfo {
  targetSetId: string;
  name: string;
  source: string | null;
  rows: number;
  tables: string[][];
  totals: number[];
}
/** weighting/list rows (src/store/weighting.ts WeightingSchemeRow). */
interface StoredScheme {
  schemeId: string;
  name: string;
  runAt: string | null;
  weights: number;
  diagnostics: { diagnostics?: WeightDiagnostics[]; warnings?: WeightingWarning[]; converged?: boolean } | null;
}
interface SchemeRun {
  schemeId: string;
  name: string;
  interviews: number;
  diagnostics: WeightDiagnostics[];
  warnings: WeightingWarning[];
  converged: boolean;
  trim?: { lower: number; upper: number; meanWeight: number; lowerWeight: number; upperWeight: number };
}

/**
 * weighting/distribution (src/analysis/weight-distribution.ts WeightDistribution, whose module cannot be
 * type-checked for the browser): the histogram is binned on the server.
 */
interface Distribution {
  n: number;
  mean: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  cv: number;
  nKish: number;
  deffKish: number;
  bins: { from: number; to: number; count: number }[];
  trim: { lower: number; upper: number; lowerRelative: number; upperRelative: number } | null;
}

const VALUE = { fontSize: 18 };

/** A weight for people: 3 significant digits, thousands grouped. */
function weightText(v: number): string {
  return v.toLocaleString(undefined, { maximumSignificantDigits: 4 });
}

interface Values {
  name: string;
  strata: string;
  psu: string;
  /** Answer fields of the fpc of stage 1 and 2, and the second-stage unit (multistage designs). */
  fpc: string;
  ssu: string;
  fpc2: string;
  targetSet: string;
  method: 'rake' | 'poststratify';
  margins: string[];
  trim: boolean;
  lower: number;
  upper: number;
}

export function WeightingScreen() {
  const { t } = useTranslation();
  const [form] = AntForm.useForm<Values>();
  const targets = useLoad(() => call<TargetSetInfo[]>('targets/list', {}), []);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [run, setRun] = useState<SchemeRun>();
  const [progress, setProgress] = useState(0);
  const [distribution, setDistribution] = useState<Distribution>();
  const [check, setCheck] = useState<WeightingCheck>();
  const [targetsDialog, setTargetsDialog] = useState<{ edit?: string } | undefined>();
  const schemes = useLoad(() => call<StoredScheme[]>('weighting/list', {}), []);
  const targetSet = AntForm.useWatch('targetSet', form);
  const method = AntForm.useWatch('method', form);
  const tables = targets.data?.find((s) => s.name === targetSet)?.tables ?? [];

  const useCensus = async () => {
    try {
      await call('targets/ensureCensus', {});
      targets.reload();
      form.setFieldsValue({ targetSet: 'census2020', margins: [] });
    } catch (e) {
      setError(e);
    }
  };

  /** Distribution and achieved-against-target of a scheme that has run; remembered for Results. */
  const showDetails = async (schemeId: string) => {
    setDistribution(await call<Distribution>('weighting/distribution', { scheme: schemeId, bins: 30 }));
    setCheck(await runJob<WeightingCheck>('weighting/check', { scheme: schemeId }, () => {}).result);
    try {
      localStorage.setItem('scilit.results.scheme', schemeId);
    } catch {
      // storage unavailable: Results fall back to the most recent run
    }
  };

  const showStored = async (s: StoredScheme) => {
    setError(undefined);
    try {
      setRun({
        schemeId: s.schemeId,
        name: s.name,
        interviews: s.weights,
        diagnostics: s.diagnostics?.diagnostics ?? [],
        warnings: s.diagnostics?.warnings ?? [],
        converged: s.diagnostics?.converged !== false,
      });
      await showDetails(s.schemeId);
    } catch (e) {
      setError(e);
    }
  };

  const submit = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      const vars = v.margins.map((m) => m.split('|'));
      const steps: unknown[] =
        v.method === 'rake'
          ? [{ step: 'rake', targetSet: v.targetSet, margins: vars }]
          : [{ step: 'poststratify', targetSet: v.targetSet, vars: vars[0] ?? [] }];
      const stage2 = v.ssu ? { stages: [{ unit: v.ssu, ...(v.fpc2 ? { fpc: v.fpc2 } : {}) }] } : {};
      const definition = {
        design: {
          ...(v.strata ? { strata: v.strata } : {}),
          ...(v.psu ? { psu: v.psu } : {}),
          ...(v.fpc ? { fpc: v.fpc } : {}),
          ...stage2,
        },
        steps,
      };
      // Trimming bounds are multiples of the mean weight; the server turns them into weights.
      const args = {
        name: v.name,
        definition,
        ...(v.trim ? { trimRelative: { lower: v.lower, upper: v.upper } } : {}),
      };
      setDistribution(undefined);
      setCheck(undefined);
      const r = await runJob<SchemeRun>('weighting/run', args, (f) => setProgress(f)).result;
      setRun(r);
      await showDetails(r.schemeId);
      schemes.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-screen="weighting">
      <Typography.Title level={3}>{t('weighting.title')}</Typography.Title>
      <ErrorAlert error={error ?? targets.error} onClose={() => setError(undefined)} />
      <Row gutter={16}>
        <Col xs={24} xl={11}>
          <Card title={t('weighting.scheme')}>
            <AntForm<Values>
              form={form}
              layout="vertical"
              onFinish={submit}
              initialValues={{
                name: 'census2020-rake',
                strata: '',
                psu: 'psu',
                fpc: '',
                ssu: '',
                fpc2: '',
                targetSet: undefined,
                method: 'rake',
                margins: [],
                trim: false,
                lower: 0.3,
                upper: 3,
              }}
            >
              <AntForm.Item name="name" label={t('weighting.name')} rules={[{ required: true }]}>
                <Input data-input="schemeName" />
              </AntForm.Item>
              <Typography.Title level={5}>{t('weighting.design')}</Typography.Title>
              <Space>
                <AntForm.Item name="strata" label={t('weighting.strata')}>
                  <Select
                    style={{ width: 160 }}
                    options={[
                      { value: '', label: t('weighting.none') },
                      { value: 'stratum', label: t('weighting.stratum') },
                      { value: 'region_code', label: t('weighting.region') },
                    ]}
                  />
                </AntForm.Item>
                <AntForm.Item name="psu" label={t('weighting.psu')}>
                  <Select
                    style={{ width: 160 }}
                    options={[
                      { value: '', label: t('weighting.none') },
                      { value: 'psu', label: 'PSU' },
                      { value: 'household', label: t('interview.household') },
                    ]}
                  />
                </AntForm.Item>
              </Space>
              <Space wrap>
                <AntForm.Item name="fpc" label={t('weighting.fpc')} tooltip={t('weighting.fpcHelp')}>
                  <Input style={{ width: 160 }} data-input="fpc" />
                </AntForm.Item>
                <AntForm.Item name="ssu" label={t('weighting.ssu')}>
                  <Select
                    style={{ width: 160 }}
                    data-input="ssu"
                    options={[
                      { value: '', label: t('weighting.none') },
                      { value: 'household', label: t('interview.household') },
                    ]}
                  />
                </AntForm.Item>
                <AntForm.Item name="fpc2" label={t('weighting.fpc2')}>
                  <Input style={{ width: 160 }} data-input="fpc2" />
                </AntForm.Item>
              </Space>
              <Typography.Title level={5}>{t('weighting.targets')}</Typography.Title>
              <Space align="start" wrap>
                <AntForm.Item name="targetSet" rules={[{ required: true, message: t('weighting.chooseTargets') }]}>
                  <Select
                    style={{ width: 240 }}
                    placeholder={t('weighting.chooseTargets')}
                    data-input="targetSet"
                    options={(targets.data ?? []).map((s) => ({ value: s.name, label: `${s.name} (${s.rows})` }))}
                  />
                </AntForm.Item>
                <Button onClick={useCensus} data-action="census">
                  {t('weighting.useCensus')}
                </Button>
                <Button onClick={() => setTargetsDialog({})} data-action="import-targets">
                  {t('weighting.importTargets')}
                </Button>
                {targetSet && (
                  <Button onClick={() => setTargetsDialog({ edit: targetSet })} data-action="edit-targets">
                    {t('weighting.editTargets')}
                  </Button>
                )}
              </Space>
              <Typography.Title level={5}>{t('weighting.steps')}</Typography.Title>
              <AntForm.Item name="method" label={t('weighting.method')}>
                <Radio.Group
                  options={[
                    { value: 'rake', label: t('weighting.rake') },
                    { value: 'poststratify', label: t('weighting.poststratify') },
                  ]}
                />
              </AntForm.Item>
              <AntForm.Item
                name="margins"
                label={method === 'rake' ? t('weighting.margins') : t('weighting.cells')}
                rules={[{ required: true, type: 'array', min: 1, message: t('weighting.chooseMargins') }]}
              >
                <Checkbox.Group
                  data-input="margins"
                  options={tables.map((tab) => ({
                    value: tab.join('|'),
                    label: tab.map((v) => t(`results.breakdowns.${v}`, { defaultValue: v })).join(' × '),
                  }))}
                />
              </AntForm.Item>
              <Space align="baseline" wrap>
                <AntForm.Item name="trim" valuePropName="checked">
                  <Checkbox data-input="trim">{t('weighting.trim')}</Checkbox>
                </AntForm.Item>
                <AntForm.Item name="lower" label={t('weighting.lowerRel')}>
                  <InputNumber min={0} max={0.99} step={0.1} suffix="×" style={{ width: 110 }} data-input="trimLower" />
                </AntForm.Item>
                <AntForm.Item name="upper" label={t('weighting.upperRel')}>
                  <InputNumber
                    min={1.01}
                    max={1000}
                    step={0.5}
                    suffix="×"
                    style={{ width: 110 }}
                    data-input="trimUpper"
                  />
                </AntForm.Item>
              </Space>
              <Typography.Paragraph type="secondary">{t('weighting.trimNote')}</Typography.Paragraph>
              <Typography.Paragraph type="secondary">{t('weighting.nonresponseNote')}</Typography.Paragraph>
              <Button type="primary" htmlType="submit" loading={busy} data-action="run-weighting">
                {busy ? `${t('weighting.run')} ${Math.round(progress * 100)}%` : t('weighting.run')}
              </Button>
            </AntForm>
          </Card>
        </Col>
        <Col xs={24} xl={13}>
          <Card title={t('weighting.diagnostics')} data-section="diagnostics">
            {!run && <Typography.Text type="secondary">{t('weighting.noRun')}</Typography.Text>}
            {run && (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Alert
                  type={run.converged ? 'success' : 'warning'}
                  showIcon
                  data-converged={run.converged}
                  title={t(run.converged ? 'weighting.converged' : 'weighting.notConverged', { n: run.interviews })}
                  description={
                    run.warnings.length
                      ? run.warnings
                          .map((w) => t(`weighting.warning.${w.code}`, { ...w.values, defaultValue: w.message }))
                          .join(t('weighting.warningSeparator'))
                      : undefined
                  }
                />
                {distribution && (
                  <Row gutter={[16, 8]} data-section="weight-summary">
                    <Col span={8}>
                      <Statistic
                        styles={{ content: VALUE }}
                        title={t('weighting.nKish')}
                        value={distribution.nKish}
                        precision={1}
                      />
                    </Col>
                    <Col span={8}>
                      <Statistic
                        styles={{ content: VALUE }}
                        title={t('weighting.deffKish')}
                        value={distribution.deffKish}
                        precision={2}
                        valueRender={(node) => <span data-deff={distribution.deffKish}>{node}</span>}
                      />
                    </Col>
                    <Col span={8}>
                      <Statistic
                        styles={{ content: VALUE }}
                        title={t('weighting.cv')}
                        value={distribution.cv}
                        precision={3}
                      />
                    </Col>
                    <Col span={8}>
                      <Statistic
                        styles={{ content: VALUE }}
                        title={t('weighting.mean')}
                        value={weightText(distribution.mean)}
                      />
                    </Col>
                    <Col span={8}>
                      <Statistic
                        styles={{ content: VALUE }}
                        title={t('weighting.quartiles')}
                        value={`${weightText(distribution.q1)} – ${weightText(distribution.q3)}`}
                      />
                    </Col>
                    <Col span={8}>
                      <Statistic
                        styles={{ content: VALUE }}
                        title={t('weighting.range')}
                        value={`${weightText(distribution.min)} – ${weightText(distribution.max)}`}
                      />
                    </Col>
                  </Row>
                )}
                {run.trim && (
                  <Typography.Text data-trim-applied>
                    {t('weighting.trimApplied', {
                      lower: run.trim.lower,
                      upper: run.trim.upper,
                      lowerWeight: weightText(run.trim.lowerWeight),
                      upperWeight: weightText(run.trim.upperWeight),
                    })}
                  </Typography.Text>
                )}
                {distribution && (
                  <>
                    <Typography.Title level={5} style={{ marginTop: 8 }}>
                      {t('weighting.distribution')}
                    </Typography.Title>
                    <div style={{ width: '100%', height: 260 }} data-chart="weight-histogram">
                      <ResponsiveContainer>
                        <BarChart
                          data={distribution.bins.map((b) => ({
                            ...b,
                            label: weightText((b.from + b.to) / 2),
                          }))}
                          barCategoryGap={1}
                          margin={{ top: 8, right: 16, left: 8, bottom: 24 }}
                        >
                          <CartesianGrid strokeDasharray="3 3" vertical={false} />
                          <XAxis
                            dataKey="label"
                            tick={{ fontSize: 11 }}
                            interval="preserveStartEnd"
                            minTickGap={12}
                            label={{ value: t('weighting.weightAxis'), position: 'insideBottom', offset: -16 }}
                          />
                          <YAxis
                            allowDecimals={false}
                            label={{ value: t('weighting.countAxis'), angle: -90, position: 'insideLeft' }}
                          />
                          <Tooltip
                            formatter={(v) => [v, t('weighting.countAxis')]}
                            labelFormatter={(_, p) => {
                              const b = p?.[0]?.payload as { from: number; to: number } | undefined;
                              return b ? `${weightText(b.from)} – ${weightText(b.to)}` : '';
                            }}
                          />
                          <Bar dataKey="count" fill="#1677ff" isAnimationActive={false} />
                        </BarChart>
                      </ResponsiveContainer>
                    </div>
                  </>
                )}
                <Table
                  size="small"
                  pagination={false}
                  rowKey={(d) => `${d.step}-${run.diagnostics.indexOf(d)}`}
                  dataSource={run.diagnostics}
                  columns={[
                    {
                      title: t('weighting.step'),
                      dataIndex: 'step',
                      render: (s: string) => t(`weighting.stepNames.${s}`, { defaultValue: s }),
                    },
                    {
                      title: t('weighting.iterations'),
                      dataIndex: 'iterations',
                      align: 'right',
                      render: (v?: number) => (v == null ? '' : v),
                    },
                    {
                      title: t('weighting.convergence'),
                      dataIndex: 'converged',
                      render: (v?: boolean) =>
                        v == null ? (
                          ''
                        ) : (
                          <Tag color={v ? 'green' : 'orange'}>{t(v ? 'weighting.yes' : 'weighting.no')}</Tag>
                        ),
                    },
                    {
                      title: t('weighting.min'),
                      dataIndex: 'min',
                      align: 'right',
                      render: (v: number) => weightText(v),
                    },
                    {
                      title: t('weighting.max'),
                      dataIndex: 'max',
                      align: 'right',
                      render: (v: number) => weightText(v),
                    },
                    { title: 'CV', dataIndex: 'cv', align: 'right', render: (v: number) => v.toFixed(3) },
                    {
                      title: 'n_kish',
                      dataIndex: 'nKish',
                      align: 'right',
                      render: (v: number) => <span data-nkish={v}>{v.toFixed(1)}</span>,
                    },
                    {
                      title: 'Σw',
                      dataIndex: 'sumW',
                      align: 'right',
                      render: (v: number) => Math.round(v).toLocaleString(),
                    },
                  ]}
                />
                {run.diagnostics.some((d) => d.step === 'rake') && (
                  <Typography.Text type="secondary">{t('weighting.rakeTolerance')}</Typography.Text>
                )}
                {check && <AchievedTable check={check} />}
                <Button type="primary" onClick={() => navigate('results')} data-action="to-results">
                  {t('weighting.toResults')}
                </Button>
              </Space>
            )}
          </Card>
        </Col>
      </Row>
      <Card title={t('weighting.schemesRun')} style={{ marginTop: 16 }} data-section="schemes">
        <Table
          size="small"
          pagination={false}
          rowKey="schemeId"
          data-table="schemes"
          dataSource={(schemes.data ?? []).filter((x) => x.runAt)}
          columns={[
            { title: t('weighting.name'), dataIndex: 'name' },
            {
              title: t('weighting.runAt'),
              dataIndex: 'runAt',
              render: (v: string) => new Date(v).toLocaleString(),
            },
            { title: t('weighting.weighted'), dataIndex: 'weights', align: 'right' },
            {
              title: t('weighting.convergence'),
              key: 'c',
              render: (_, x) => (
                <Tag color={x.diagnostics?.converged === false ? 'orange' : 'green'}>
                  {t(x.diagnostics?.converged === false ? 'weighting.no' : 'weighting.yes')}
                </Tag>
              ),
            },
            {
              title: 'n_kish',
              key: 'k',
              align: 'right',
              render: (_, x) => {
                const last = x.diagnostics?.diagnostics?.at(-1);
                return last ? last.nKish.toFixed(1) : '';
              },
            },
            {
              title: '',
              key: 'a',
              render: (_, x) => (
                <Button size="small" onClick={() => showStored(x)} data-action="show-scheme">
                  {t('weighting.show')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <TargetsDialog
        open={targetsDialog !== undefined}
        edit={targetsDialog?.edit}
        onClose={() => setTargetsDialog(undefined)}
        onSaved={(name) => {
          setTargetsDialog(undefined);
          targets.reload();
          form.setFieldsValue({ targetSet: name, margins: [] });
        }}
      />
    </div>
  );
}
