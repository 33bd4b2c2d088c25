import { Card, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { allFields, type Form, labelOf } from '../../../../src/form/model.ts';
import { call } from '../../api/client.ts';
import { ErrorAlert, useLoad } from '../../common.tsx';
import { formLanguage } from '../../i18n.ts';
import { answerText } from '../interview/answerText.ts';
import { loadForm } from '../interview/formLoad.ts';
import { AuditTrail } from './AuditTrail.tsx';
import type { ConflictDetail, InterviewVersion } from './shapes.ts';

/** The interview's own fields compared between versions (what the content hash covers, answers aside). */
const META = [
  'surveyor',
  'device',
  'region_code',
  'stratum',
  'psu',
  'household',
  'design_weight',
  'status',
  'void_reason',
  'started_at',
  'finalized_at',
  'revision',
] as const;

interface Row {
  key: string;
  section: 'interview' | 'answers';
  label: string;
  name: string;
  values: string[];
  /** When each version's answer was given, for the cell's tooltip. */
  at: (string | undefined)[];
  differs: boolean;
}

function rowsOf(versions: InterviewVersion[], form: Form | null, lang: string, t: (k: string) => string): Row[] {
  const rows: Row[] = META.map((m) => {
    const values = versions.map((v) => (v[m] == null ? '' : m === 'status' ? t(`status.${v[m]}`) : String(v[m])));
    return {
      key: `meta:${m}`,
      section: 'interview',
      name: m,
      label: t(`packages.conflicts.fields.${m}`),
      values,
      at: [],
      differs: new Set(values).size > 1,
    };
  });
  const answers = versions.map((v) => new Map(v.answers.map((a) => [a[0], a])));
  const fields = form ? allFields(form) : [];
  const order = new Map(fields.map((f, i) => [f.name, i]));
  const names = [...new Set(versions.flatMap((v) => v.answers.map((a) => a[0])))].sort(
    (a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || a.localeCompare(b),
  );
  for (const name of names) {
    const raw = answers.map((m) => m.get(name)?.[1] ?? null);
    const f = fields.find((x) => x.name === name);
    rows.push({
      key: `answer:${name}`,
      section: 'answers',
      name,
      label: f ? `${name} · ${labelOf(f.label, lang, name)}` : name,
      values: raw.map((v) => answerText(form, name, v, lang, true)),
      at: answers.map((m) => m.get(name)?.[2]),
      differs: new Set(raw.map((v) => JSON.stringify(v))).size > 1,
    });
  }
  return rows;
}

/** The versions of one interview side by side: the database's current one first, rows that differ highlighted. */
export function ConflictCompare({ interviewId }: { interviewId: string }) {
  const { t, i18n } = useTranslation();
  const lang = formLanguage(i18n.language);
  const [onlyDiffs, setOnlyDiffs] = useState(false);
  const detail = useLoad(async () => {
    const d = await call<ConflictDetail>('package/conflicts', { interviewId });
    const form = await loadForm(d.head.form_id, d.head.form_version).catch(() => null);
    return { ...d, form };
  }, [interviewId]);
  const d = detail.data?.head.interview_id === interviewId ? detail.data : undefined;
  const versions = d ? [d.head, ...d.others.map((o) => o.version)] : [];
  const rows = d ? rowsOf(versions, d.form, lang, t) : [];
  const differing = rows.filter((r) => r.differs).length;
  const shown = onlyDiffs ? rows.filter((r) => r.differs) : rows;
  const cell = (r: Row, i: number) => (
    <span title={r.at[i] ? t('packages.conflicts.answeredAt', { at: r.at[i] }) : undefined} data-version={i}>
      {r.values[i] === '' ? <Typography.Text type="secondary">{t('common.none')}</Typography.Text> : r.values[i]}
    </span>
  );

  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      data-section="conflict-compare"
      data-interview={interviewId}
      title={t('packages.conflicts.compareTitle', { id: interviewId })}
      extra={
        <Space>
          <Tag color="orange" data-testid="diff-count">
            {t('packages.conflicts.diffCount', { count: differing })}
          </Tag>
          <Switch checked={onlyDiffs} onChange={setOnlyDiffs} data-action="only-diffs" />
          <span>{t('packages.conflicts.onlyDiffs')}</span>
        </Space>
      }
    >
      <ErrorAlert error={detail.error} />
      <Table<Row>
        size="small"
        rowKey="key"
        loading={!d && !detail.error}
        dataSource={shown}
        pagination={false}
        scroll={versions.length > 3 ? { x: 300 + versions.length * 260 } : undefined}
        onRow={(r) =>
          ({
            'data-row': r.key,
            'data-differs': String(r.differs),
            style: r.differs ? { background: '#fff1b8' } : undefined,
          }) as object
        }
        columns={[
          {
            title: t('packages.conflicts.item'),
            key: 'item',
            width: 300,
            render: (_, r) => (
              <Space size={4} wrap>
                {r.section === 'interview' && <Tag>{t('packages.conflicts.section.interview')}</Tag>}
                <span>{r.label}</span>
                {r.differs && <Tag color="red">{t('packages.conflicts.differs')}</Tag>}
              </Space>
            ),
          },
          ...versions.map((v, i) => ({
            title:
              i === 0
                ? t('packages.conflicts.head', { revision: v.revision })
                : t('packages.conflicts.other', { n: i, revision: v.revision }),
            key: `v${i}`,
            render: (_: unknown, r: Row) => cell(r, i),
          })),
        ]}
      />
      <AuditTrail interviewId={interviewId} />
    </Card>
  );
}
