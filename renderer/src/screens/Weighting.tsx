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
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { call } from '../api/client.ts';
import { runJob } from '../api/jobs.ts';
import { ErrorAlert, useLoad } from '../common.tsx';
import { navigate } from '../route.ts';

interface TargetSetInfo {
  targetSetId: string;
  name: string;
  source: string | null;
  rows: number;
  tables: string[][];
  totals: number[];
}
interface Diagnostics {
  step: string;
  converged?: boolean;
  iterations?: number;
  min: number;
  max: number;
  cv: number;
  nKish: number;
  sumW: number;
  warnings: string[];
}
interface SchemeRun {
  schemeId: string;
  name: string;
  interviews: number;
  diagnostics: Diagnostics[];
  warnings: string[];
  converged: boolean;
}

interface Values {
  name: string;
  strata: string;
  psu: string;
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

  const submit = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      const vars = v.margins.map((m) => m.split('|'));
      const steps: unknown[] =
        v.method === 'rake'
          ? [{ step: 'rake', targetSet: v.targetSet, margins: vars }]
          : [{ step: 'poststratify', targetSet: v.targetSet, vars: vars[0] ?? [] }];
      if (v.trim) steps.push({ step: 'trim', lower: v.lower, upper: v.upper });
      const definition = {
        design: { ...(v.strata ? { strata: v.strata } : {}), ...(v.psu ? { psu: v.psu } : {}) },
        steps,
      };
      const r = await runJob<SchemeRun>('weighting/run', { name: v.name, definition }, (f) => setProgress(f)).result;
      setRun(r);
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
                <Button onClick={() => navigate('import')}>{t('weighting.importTargets')}</Button>
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
              <Space align="baseline">
                <AntForm.Item name="trim" valuePropName="checked">
                  <Checkbox>{t('weighting.trim')}</Checkbox>
                </AntForm.Item>
                <AntForm.Item name="lower" label={t('weighting.lower')}>
                  <InputNumber min={0} step={0.1} />
                </AntForm.Item>
                <AntForm.Item name="upper" label={t('weighting.upper')}>
                  <InputNumber min={0.1} step={0.5} />
                </AntForm.Item>
              </Space>
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
                  description={run.warnings.length ? run.warnings.join('；') : undefined}
                />
                <Table
                  size="small"
                  pagination={false}
                  rowKey="step"
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
                      render: (v?: number, d?: Diagnostics) =>
                        v == null ? '' : <Tag color={d?.converged ? 'green' : 'orange'}>{v}</Tag>,
                    },
                    {
                      title: t('weighting.min'),
                      dataIndex: 'min',
                      align: 'right',
                      render: (v: number) => v.toFixed(3),
                    },
                    {
                      title: t('weighting.max'),
                      dataIndex: 'max',
                      align: 'right',
                      render: (v: number) => v.toFixed(3),
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
                <div style={{ width: '100%', height: 260 }}>
                  <ResponsiveContainer>
                    <BarChart
                      data={run.diagnostics.map((d: Diagnostics, i: number) => ({
                        name: `${i + 1}. ${t(`weighting.stepNames.${d.step}`, { defaultValue: d.step })}`,
                        min: d.min,
                        max: d.max,
                      }))}
                    >
                      <CartesianGrid strokeDasharray="3 3" vertical={false} />
                      <XAxis dataKey="name" />
                      <YAxis />
                      <Tooltip />
                      <Legend />
                      <Bar dataKey="min" name={t('weighting.min')} fill="#91caff" isAnimationActive={false} />
                      <Bar dataKey="max" name={t('weighting.max')} fill="#1677ff" isAnimationActive={false} />
                    </BarChart>
                  </ResponsiveContainer>
                </div>
                <Button type="primary" onClick={() => navigate('results')} data-action="to-results">
                  {t('weighting.toResults')}
                </Button>
              </Space>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
