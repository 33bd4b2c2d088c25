import { Alert, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** weighting/check (src/analysis/weighting-check.ts WeightingCheck). */
export interface WeightingCheck {
  schemeId: string;
  name: string;
  respondents: number;
  weightTotal: number;
  baseTotal: number;
  designWeights: boolean;
  margins: {
    step: number;
    kind: 'rake' | 'poststratify' | 'calibrate';
    variables: string[];
    rows: {
      categories: string[];
      labels?: { zh: string[]; en: string[] };
      target: number;
      achieved: number;
      respondents: number;
    }[];
    targetTotal: number;
    achievedTotal: number;
  }[];
  warnings: { code: string; values: Record<string, string | number>; message: { zh: string; en: string } }[];
  tolerance: number;
}

const count = (x: number) => Math.round(x).toLocaleString();

/** Every margin's population target beside what the final weights achieve, and the warnings of the check. */
export function AchievedTable({ check }: { check: WeightingCheck }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-section="achieved">
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        {t('weighting.achieved.title')}
      </Typography.Title>
      <Typography.Text>
        {t('weighting.achieved.summary', {
          n: check.respondents.toLocaleString(),
          total: count(check.weightTotal),
          mean: (check.weightTotal / Math.max(1, check.respondents)).toLocaleString(undefined, {
            maximumSignificantDigits: 4,
          }),
        })}
      </Typography.Text>
      {check.warnings.map((w) => (
        <Alert
          key={w.code + JSON.stringify(w.values)}
          type="warning"
          showIcon
          data-warning={w.code}
          title={en ? w.message.en : w.message.zh}
        />
      ))}
      {check.margins.map((m) => (
        <Table
          key={`${m.step}-${m.variables.join('|')}`}
          size="small"
          pagination={false}
          data-table={`achieved-${m.variables.join('-')}`}
          title={() =>
            `${t(`weighting.stepNames.${m.kind}`, { defaultValue: m.kind })}: ${m.variables
              .map((v) => t(`results.breakdowns.${v}`, { defaultValue: v }))
              .join(' × ')}`
          }
          rowKey={(r) => r.categories.join('|')}
          dataSource={m.rows}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <b>{t('weighting.achieved.total')}</b>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <b>{count(m.targetTotal)}</b>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                <b data-achieved-total={m.achievedTotal}>{count(m.achievedTotal)}</b>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                {((m.achievedTotal / Math.max(1, m.targetTotal) - 1) * 100).toFixed(2)}%
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                {m.rows.reduce((s, r) => s + r.respondents, 0)}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
          columns={[
            {
              title: t('weighting.achieved.category'),
              key: 'c',
              render: (_, r) => (r.labels ? (en ? r.labels.en : r.labels.zh) : r.categories).join(' × '),
            },
            { title: t('weighting.achieved.target'), dataIndex: 'target', align: 'right', render: count },
            {
              title: t('weighting.achieved.achieved'),
              dataIndex: 'achieved',
              align: 'right',
              render: (v: number) => <span data-achieved={v}>{count(v)}</span>,
            },
            {
              title: t('weighting.achieved.difference'),
              key: 'd',
              align: 'right',
              render: (_, r) => (r.target > 0 ? `${((r.achieved / r.target - 1) * 100).toFixed(2)}%` : '—'),
            },
            { title: t('weighting.achieved.respondents'), dataIndex: 'respondents', align: 'right' },
          ]}
        />
      ))}
    </Space>
  );
}
