import { Card, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { runJob } from '../../api/jobs.ts';
import { ErrorAlert, percent, useLoad } from '../../common.tsx';

/** estimate/profile (src/analysis/literacy-profile.ts). */
interface Row {
  estimate: number;
  se: number;
  ci: [number, number];
  n: number;
  flags: string[];
}
interface Profile {
  weighted: boolean;
  respondents: number;
  levels: (Row & { literacyLevel: string })[];
  dimensions: (Row & { dimension: string; max: number | null })[];
  percent: Row;
}

function suppressed(flags: readonly string[]): boolean {
  return flags.some((f) => f.startsWith('suppress') || f === 'no_interval');
}

/** Level shares and dimension scores on the same weights and design as the table of ratios. */
export function ProfilePanel(props: { scheme: string | undefined; lonelyPsu: string; ci: string }) {
  const { t } = useTranslation();
  const profile = useLoad(
    () =>
      runJob<Profile>(
        'estimate/profile',
        { weightingSchemeId: props.scheme, lonelyPsu: props.lonelyPsu, ci: props.ci },
        () => {},
      ).result,
    [props.scheme, props.lonelyPsu, props.ci],
  );
  const p = profile.data;
  const dims = (p?.dimensions ?? []).map((d) => {
    const scale = d.max ? 100 / d.max : 1;
    return {
      ...d,
      name: t(`dimensions.${d.dimension}`, { defaultValue: d.dimension }),
      rate: d.estimate * scale,
      err: [(d.estimate - d.ci[0]) * scale, (d.ci[1] - d.estimate) * scale],
    };
  });
  return (
    <Card title={t('results.profile.levels')} size="small" data-section="profile" loading={profile.loading && !p}>
      <ErrorAlert error={profile.error} />
      {p && (
        <>
          <Statistic
            title={t('results.profile.total')}
            value={p.percent.estimate}
            precision={1}
            suffix={`(${p.percent.ci[0].toFixed(1)} – ${p.percent.ci[1].toFixed(1)})`}
            style={{ marginBottom: 8 }}
          />
          <Table
            size="small"
            pagination={false}
            rowKey="literacyLevel"
            data-table="levels"
            dataSource={p.levels}
            columns={[
              {
                title: t('interview.level'),
                dataIndex: 'literacyLevel',
                render: (l: string) => t(`levels.${l}`, { defaultValue: l }),
              },
              {
                title: t('results.share'),
                dataIndex: 'estimate',
                align: 'right',
                render: (v: number, r) => (suppressed(r.flags) ? '‡' : percent(v)),
              },
              {
                title: t('results.ciCol'),
                key: 'ci',
                align: 'right',
                render: (_, r) => (suppressed(r.flags) ? '‡' : `${percent(r.ci[0])} – ${percent(r.ci[1])}`),
              },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('results.profile.dimensions')}
          </Typography.Title>
          <Table
            size="small"
            pagination={false}
            rowKey="dimension"
            data-table="dimensions"
            dataSource={dims}
            columns={[
              { title: t('results.profile.dimension'), dataIndex: 'name' },
              {
                title: t('results.profile.points'),
                dataIndex: 'estimate',
                align: 'right',
                render: (v: number, r) => `${v.toFixed(1)}${r.max ? ` / ${r.max}` : ''}`,
              },
              {
                title: t('results.profile.rate'),
                dataIndex: 'rate',
                align: 'right',
                render: (v: number, r) => (r.max ? `${v.toFixed(1)}%` : '—'),
              },
              {
                title: t('results.ciCol'),
                key: 'ci',
                align: 'right',
                render: (_, r) => `${r.ci[0].toFixed(1)} – ${r.ci[1].toFixed(1)}`,
              },
            ]}
          />
          {dims.some((d) => d.max) && (
            <div style={{ width: '100%', height: 180, marginTop: 8 }} data-chart="dimensions">
              <ResponsiveContainer>
                <BarChart data={dims} layout="vertical" margin={{ top: 4, right: 24, left: 8, bottom: 4 }}>
                  <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                  <XAxis type="number" domain={[0, 100]} unit="%" />
                  <YAxis type="category" dataKey="name" width={130} tick={{ fontSize: 12 }} />
                  <Tooltip formatter={(v) => `${Number(v).toFixed(1)}%`} />
                  <Bar dataKey="rate" fill="#69b1ff" name={t('results.profile.rate')} isAnimationActive={false}>
                    <ErrorBar dataKey="err" width={5} strokeWidth={1.5} stroke="#333" direction="x" />
                  </Bar>
                </BarChart>
              </ResponsiveContainer>
            </div>
          )}
          <Typography.Text type="secondary">
            {t(p.weighted ? 'results.profile.weightedNote' : 'results.profile.unweightedNote')}
          </Typography.Text>
        </>
      )}
    </Card>
  );
}
