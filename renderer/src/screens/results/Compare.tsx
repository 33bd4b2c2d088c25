import { Alert, Card, Col, Radio, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Form } from '../../../../src/form/model.ts';
import { labelOf } from '../../../../src/form/model.ts';
import { call } from '../../api/client.ts';
import { runJob } from '../../api/jobs.ts';
import { ErrorAlert, percent, useLoad } from '../../common.tsx';

/** estimate/compare (src/analysis/compare-literacy.ts). */
interface Side {
  estimate: number;
  se: number;
  ci: [number, number];
  n: number;
  flags: string[];
}
interface Comparison {
  compare: 'domains' | 'waves';
  first: Side;
  second: Side;
  difference: {
    difference: number;
    se: number;
    df: number;
    ci: [number, number];
    pValue: number;
    level: number;
    above: boolean;
    below: boolean;
  };
  notes: string[];
}

/** Census five-year bands of the bundled questionnaire's age_group. */
const AGE_GROUPS = ['18-19', ...Array.from({ length: 10 }, (_, i) => `${20 + 5 * i}-${24 + 5 * i}`)];
const FIELDS = ['sex', 'age_group', 'residence', 'education', 'occupation'];

const VALUE = { fontSize: 20 };

function suppressed(flags: readonly string[]): boolean {
  return flags.some((f) => f.startsWith('suppress') || f === 'no_interval');
}

/** A difference of two shares in percentage points, signed. */
function points(v: number): string {
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v * 100).toFixed(1)}`;
}

function pText(p: number): string {
  if (!Number.isFinite(p)) return '—';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/**
 * Two groups of one sample (key populations or categories of a breakdown) or two waves (questionnaire versions):
 * each side's share, and the difference with its SE, interval and p-value.
 */
export function ComparePanel(props: {
  form: Form | undefined;
  lang: string;
  scheme: string | undefined;
  ci: string;
  lonelyPsu: string;
}) {
  const { t } = useTranslation();
  const { form, lang } = props;
  const [mode, setMode] = useState<'domains' | 'waves'>('domains');
  const [first, setFirst] = useState('{"group":"youth"}');
  const [second, setSecond] = useState('{"group":"elderly"}');
  const [firstWave, setFirstWave] = useState<string>();
  const [secondWave, setSecondWave] = useState<string>();
  const [result, setResult] = useState<Comparison>();
  const [error, setError] = useState<unknown>();
  const [running, setRunning] = useState(false);
  const versions = useLoad(
    async () =>
      (await call<{ formId: string; version: string }[]>('form/list', {}))
        .filter((f) => f.formId === (form?.formId ?? 'civic_science_literacy'))
        .map((f) => f.version),
    [form?.formId],
  );

  const options = useMemo(() => {
    const choiceLabel = (field: string, value: string) => {
      const list = form ? findListName(form, field) : undefined;
      return labelOf(list ? form?.choices[list]?.find((c) => c.name === value)?.label : undefined, lang, value);
    };
    const groups = (form?.groups ?? []).map((g) => ({
      value: JSON.stringify({ group: g.name }),
      label: labelOf(g.label, lang, g.name),
    }));
    const fields = FIELDS.map((field) => {
      const list = form ? findListName(form, field) : undefined;
      const values = field === 'age_group' ? AGE_GROUPS : ((list && form?.choices[list]) || []).map((c) => c.name);
      return {
        label: t(`results.breakdowns.${field}`),
        options: values
          .filter((v) => v !== 'dont_know')
          .map((v) => ({
            value: JSON.stringify({ field, value: v }),
            label: `${t(`results.breakdowns.${field}`)}${lang === 'en' ? ': ' : '：'}${choiceLabel(field, v)}`,
          })),
      };
    }).filter((g) => g.options.length > 0);
    return [{ label: t('results.breakdowns.group'), options: groups }, ...fields];
  }, [form, lang, t]);

  const waves = versions.data ?? [];
  // biome-ignore lint/correctness/useExhaustiveDependencies: choose two waves once the versions are known
  useEffect(() => {
    if (waves.length >= 2) {
      setFirstWave((v) => v ?? waves[waves.length - 2]);
      setSecondWave((v) => v ?? waves[waves.length - 1]);
    }
  }, [waves.length]);

  useEffect(() => {
    const args =
      mode === 'domains'
        ? { compare: 'domains', first: JSON.parse(first), second: JSON.parse(second) }
        : firstWave && secondWave && firstWave !== secondWave
          ? { compare: 'waves', first: { formVersion: firstWave }, second: { formVersion: secondWave } }
          : undefined;
    if (!args) {
      setResult(undefined);
      return;
    }
    let live = true;
    setRunning(true);
    setError(undefined);
    runJob<Comparison>(
      'estimate/compare',
      { ...args, weightingSchemeId: props.scheme, ci: props.ci, lonelyPsu: props.lonelyPsu },
      () => {},
    )
      .result.then(
        (r) => live && setResult(r),
        (e) => {
          if (!live) return;
          setResult(undefined);
          setError(e);
        },
      )
      .finally(() => live && setRunning(false));
    return () => {
      live = false;
    };
  }, [mode, first, second, firstWave, secondWave, props.scheme, props.ci, props.lonelyPsu]);

  const nameOf = (which: 'first' | 'second') => {
    if (mode === 'waves') return t('results.compare.version', { version: which === 'first' ? firstWave : secondWave });
    const value = which === 'first' ? first : second;
    for (const g of options) {
      const o = g.options.find((x) => x.value === value);
      if (o) return o.label;
    }
    return value;
  };
  const d = result?.difference;
  const level = Math.round((d?.level ?? 0.95) * 100);

  return (
    <Card title={t('results.compare.title')} size="small" data-section="compare">
      <Space wrap align="center" style={{ marginBottom: 12 }}>
        <Radio.Group
          value={mode}
          onChange={(e) => setMode(e.target.value)}
          optionType="button"
          data-input="compareMode"
          options={[
            { value: 'domains', label: t('results.compare.domains') },
            { value: 'waves', label: t('results.compare.waves') },
          ]}
        />
        {mode === 'domains' ? (
          <>
            <Select
              style={{ minWidth: 220 }}
              value={first}
              onChange={setFirst}
              options={options}
              showSearch
              optionFilterProp="label"
              placeholder={t('results.compare.pick')}
              data-input="compareFirst"
            />
            <span>vs</span>
            <Select
              style={{ minWidth: 220 }}
              value={second}
              onChange={setSecond}
              options={options}
              showSearch
              optionFilterProp="label"
              placeholder={t('results.compare.pick')}
              data-input="compareSecond"
            />
          </>
        ) : waves.length >= 2 ? (
          <>
            <Select
              style={{ minWidth: 160 }}
              value={firstWave}
              onChange={setFirstWave}
              options={waves.map((v) => ({ value: v, label: v }))}
              data-input="compareFirstWave"
            />
            <span>vs</span>
            <Select
              style={{ minWidth: 160 }}
              value={secondWave}
              onChange={setSecondWave}
              options={waves.map((v) => ({ value: v, label: v }))}
              data-input="compareSecondWave"
            />
          </>
        ) : null}
      </Space>
      {mode === 'waves' && waves.length < 2 && (
        <Alert type="info" showIcon title={t('results.compare.oneWave')} style={{ marginBottom: 12 }} />
      )}
      <ErrorAlert error={error} onClose={() => setError(undefined)} />
      {result && d && (
        <Row gutter={16}>
          <Col xs={24} xl={11}>
            <Table
              size="small"
              pagination={false}
              loading={running}
              rowKey="key"
              data-table="compare-sides"
              dataSource={[
                { key: 'first', name: nameOf('first'), ...result.first },
                { key: 'second', name: nameOf('second'), ...result.second },
              ]}
              columns={[
                { title: t('results.compare.side'), dataIndex: 'name' },
                {
                  title: t('results.ratio'),
                  dataIndex: 'estimate',
                  align: 'right',
                  render: (v: number, r) => (suppressed(r.flags) ? '‡' : <b>{percent(v)}</b>),
                },
                {
                  title: t('results.ciCol'),
                  key: 'ci',
                  align: 'right',
                  render: (_, r) => (suppressed(r.flags) ? '‡' : `${percent(r.ci[0])} – ${percent(r.ci[1])}`),
                },
                { title: 'n', dataIndex: 'n', align: 'right' },
              ]}
            />
          </Col>
          <Col xs={24} xl={13}>
            <Row gutter={[16, 8]} data-comparison data-difference={d.difference} data-se={d.se} data-p={d.pValue}>
              <Col span={8}>
                <Statistic
                  styles={{ content: VALUE }}
                  title={t('results.compare.difference')}
                  value={points(d.difference)}
                  suffix={t('results.compare.pp')}
                />
              </Col>
              <Col span={8}>
                <Statistic
                  styles={{ content: VALUE }}
                  title={t('results.compare.se')}
                  value={(d.se * 100).toFixed(2)}
                  suffix={t('results.compare.pp')}
                />
              </Col>
              <Col span={8}>
                <Statistic styles={{ content: VALUE }} title={t('results.compare.p')} value={pText(d.pValue)} />
              </Col>
              <Col span={16}>
                <Statistic
                  styles={{ content: VALUE }}
                  title={t('results.compare.ci', { level })}
                  value={`${points(d.ci[0])} … ${points(d.ci[1])}`}
                  suffix={t('results.compare.pp')}
                />
              </Col>
              <Col span={8}>
                <Statistic styles={{ content: VALUE }} title={t('results.compare.df')} value={d.df} />
              </Col>
              <Col span={24}>
                <Tag color={d.above || d.below ? 'blue' : 'default'} data-significant={d.above || d.below}>
                  {t(d.above || d.below ? 'results.compare.significant' : 'results.compare.notSignificant')}
                </Tag>
                {(suppressed(result.first.flags) || suppressed(result.second.flags)) && (
                  <Tag color="red" data-side-suppressed>
                    {t('results.compare.sideSuppressed')}
                  </Tag>
                )}
              </Col>
            </Row>
          </Col>
        </Row>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t(mode === 'domains' ? 'results.compare.domainsNote' : 'results.compare.wavesNote')}
      </Typography.Paragraph>
    </Card>
  );
}

function findListName(form: Form, name: string): string | undefined {
  const walk = (nodes: Form['survey']): string | undefined => {
    for (const n of nodes) {
      if (n.kind === 'field' && n.name === name) return n.listName;
      if (n.kind === 'group') {
        const f = walk(n.children);
        if (f) return f;
      }
    }
    return undefined;
  };
  return walk(form.survey);
}
