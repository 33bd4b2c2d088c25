import { Button, Descriptions, Drawer, Empty, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { allFields, type Form, labelOf } from '../../../../src/form/model.ts';
import type { StoredInterviewScore } from '../../../../src/store/interview-scores.ts';
import type { InterviewRecord } from '../../../../src/store/interviews.ts';
import type { AuditRow } from '../../../../src/store/overview.ts';
import { call } from '../../api/client.ts';
import { auditActionLabel, ErrorAlert, useLoad } from '../../common.tsx';
import { formLanguage } from '../../i18n.ts';
import { navigate } from '../../route.ts';
import { answerText } from '../interview/answerText.ts';
import { loadForm } from '../interview/formLoad.ts';

export const STATUS_COLOR: Record<string, string> = { draft: 'gold', final: 'green', void: 'default' };

interface Detail {
  interview: InterviewRecord;
  answers: Record<string, string | null>;
  form: Form | null;
  score: { scores: StoredInterviewScore[]; dimensionMax: Record<string, number> };
  audit: AuditRow[];
}

const when = (v: string | null | undefined) => (v ? v.slice(0, 19).replace('T', ' ') : '—');

async function loadDetail(interviewId: string): Promise<Detail> {
  const [got, score, audit] = await Promise.all([
    call<{ interview: InterviewRecord; answers: Record<string, string | null> }>('interview/get', { interviewId }),
    call<Detail['score']>('interview/score', { interviewId }),
    call<AuditRow[]>('interviews/audit', { interviewId }),
  ]);
  const form = await loadForm(got.interview.form_id, got.interview.form_version).catch(() => null);
  return { ...got, form, score, audit };
}

function ScoreView({ score }: { score: Detail['score'] }) {
  const { t, i18n } = useTranslation();
  const lang = formLanguage(i18n.language);
  if (score.scores.length === 0) return <Typography.Text type="secondary">{t('interviews.noScore')}</Typography.Text>;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {score.scores.map((s) => (
        <Descriptions
          key={s.schemeId}
          size="small"
          column={2}
          bordered
          title={s.schemeLabel?.[lang] ?? s.schemeName}
          data-section="stored-score"
          data-scheme={s.schemeId}
        >
          <Descriptions.Item label={t('interview.total')}>
            <b data-testid="stored-total">{Math.round(s.total * 100) / 100}</b> / {s.maxTotal}
          </Descriptions.Item>
          <Descriptions.Item label={t('interview.level')}>
            <Tag color={s.literate ? 'green' : 'default'} data-level={s.level}>
              {t(`levels.${s.level}`, { defaultValue: s.level })}
            </Tag>
            {s.vetoed && <Tag color="red">{t('interviews.vetoed')}</Tag>}
          </Descriptions.Item>
          {Object.entries(s.dimensions).map(([d, v]) => (
            <Descriptions.Item key={d} label={t(`dimensions.${d}`, { defaultValue: d })}>
              <span data-dimension={d}>{Math.round(v * 100) / 100}</span>
              {score.dimensionMax[d] !== undefined && ` / ${score.dimensionMax[d]}`}
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={t('interviews.scoredAt')} span={2}>
            {when(s.scoredAt)}
          </Descriptions.Item>
        </Descriptions>
      ))}
    </Space>
  );
}

/**
 * One interview opened from the list: who, where and when, its stored score, every answer with its label, and
 * its audit trail. A draft can be continued or finalized from here, and anything not yet void can be voided.
 */
export function InterviewDetail({
  interviewId,
  onClose,
  onFinalize,
  onVoid,
  version,
}: {
  interviewId: string | undefined;
  onClose(): void;
  onFinalize(id: string): void;
  onVoid(id: string): void;
  /** Changes when the list acted on the interview, so that the drawer reads it again. */
  version: number;
}) {
  const { t, i18n } = useTranslation();
  const lang = formLanguage(i18n.language);
  const detail = useLoad(
    () => (interviewId ? loadDetail(interviewId) : Promise.resolve(undefined)),
    [interviewId, version],
  );
  const d = detail.data?.interview.interview_id === interviewId ? detail.data : undefined;
  const iv = d?.interview;
  const fields = d?.form ? allFields(d.form) : [];
  const order = new Map(fields.map((f, i) => [f.name, i]));
  const answerRows = d
    ? Object.entries(d.answers)
        .sort(([a], [b]) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || a.localeCompare(b))
        .map(([field, value]) => {
          const f = fields.find((x) => x.name === field);
          return {
            field,
            label: f ? labelOf(f.label, lang, field) : field,
            value: answerText(d.form, field, value, lang),
          };
        })
    : [];

  return (
    <Drawer
      open={!!interviewId}
      onClose={onClose}
      size="large"
      title={
        <Space>
          {t('interviews.detailTitle')}
          {iv && <Tag color={STATUS_COLOR[iv.status]}>{t(`status.${iv.status}`)}</Tag>}
        </Space>
      }
      extra={
        iv && (
          <Space>
            {iv.status === 'draft' && (
              <>
                <Button onClick={() => navigate('interview', iv.interview_id)}>{t('interviews.continue')}</Button>
                <Button onClick={() => onFinalize(iv.interview_id)}>{t('interview.finalize')}</Button>
              </>
            )}
            {iv.status !== 'void' && (
              <Button danger onClick={() => onVoid(iv.interview_id)} data-action="void-detail">
                {t('interviews.void')}
              </Button>
            )}
          </Space>
        )
      }
      data-screen="interview-detail"
    >
      <ErrorAlert error={detail.error} />
      {!d && !detail.error && <Spin />}
      {iv && d && (
        <div data-section="interview-detail" data-interview={iv.interview_id}>
          <Descriptions
            size="small"
            column={2}
            bordered
            style={{ marginBottom: 16 }}
            styles={{ label: { whiteSpace: 'nowrap' } }}
          >
            <Descriptions.Item label={t('interviews.id')} span={2}>
              <code>{iv.interview_id}</code>
            </Descriptions.Item>
            <Descriptions.Item label={t('interview.form')}>
              {d.form ? labelOf(d.form.title, lang, iv.form_id) : iv.form_id} ({iv.form_version})
            </Descriptions.Item>
            <Descriptions.Item label={t('interviews.source')}>
              {t(`interviews.sources.${iv.source}`, { defaultValue: iv.source })}
            </Descriptions.Item>
            <Descriptions.Item label={t('home.surveyor')}>{iv.surveyor ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('interview.deviceName')}>{iv.device ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('interview.region')}>{iv.region_code ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="PSU">{iv.psu ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('interview.household')}>{iv.household ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('interviews.started')}>{when(iv.started_at)}</Descriptions.Item>
            <Descriptions.Item label={t('interviews.updated')}>{when(iv.updated_at)}</Descriptions.Item>
            <Descriptions.Item label={t('interviews.finalizedAt')}>{when(iv.finalized_at)}</Descriptions.Item>
            {iv.void_reason && (
              <Descriptions.Item label={t('interviews.reason')} span={2}>
                <span data-testid="void-reason">{iv.void_reason}</span>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Tabs
            key={iv.interview_id}
            defaultActiveKey={iv.status === 'final' ? 'score' : 'answers'}
            items={[
              {
                key: 'score',
                label: t('interview.score'),
                children: <ScoreView score={d.score} />,
              },
              {
                key: 'answers',
                label: `${t('interviews.answers')} (${answerRows.length})`,
                children: (
                  <Table
                    size="small"
                    rowKey="field"
                    pagination={false}
                    dataSource={answerRows}
                    locale={{ emptyText: <Empty description={t('interviews.noAnswers')} /> }}
                    columns={[
                      { title: t('interviews.question'), dataIndex: 'label', ellipsis: true },
                      { title: t('interviews.answer'), dataIndex: 'value', width: '40%' },
                    ]}
                  />
                ),
              },
              {
                key: 'audit',
                label: t('interviews.audit'),
                children: (
                  <Table
                    data-testid="audit-trail"
                    size="small"
                    rowKey="audit_id"
                    pagination={false}
                    dataSource={d.audit}
                    columns={[
                      { title: t('interviews.at'), dataIndex: 'at', width: 170, render: when },
                      {
                        title: t('interviews.action'),
                        dataIndex: 'action',
                        width: 140,
                        render: (code: string) => auditActionLabel(t, code),
                      },
                      { title: t('interviews.actor'), dataIndex: 'actor', width: 100 },
                      {
                        title: t('interviews.auditDetail'),
                        dataIndex: 'detail',
                        render: (v: unknown) =>
                          v == null ? '' : <code style={{ whiteSpace: 'pre-wrap' }}>{JSON.stringify(v)}</code>,
                      },
                    ]}
                  />
                ),
              },
            ]}
          />
        </div>
      )}
    </Drawer>
  );
}
