import { Alert, Button, Drawer, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Review, ReviewState } from '../../../../src/quality/types.ts';
import { call } from '../../api/client.ts';
import { ErrorAlert, useLoad } from '../../common.tsx';
import { InterviewDetail } from '../interviews/InterviewDetail.tsx';
import type { FlaggedInterview } from '../Quality.tsx';

export const REVIEW_COLOR: Record<ReviewState, string> = {
  received: 'blue',
  approved: 'green',
  has_issues: 'orange',
  rejected: 'red',
};

/**
 * One flagged interview: why it is flagged, what was decided before, and the supervisor's decision (as ODK Central
 * reviews a submission). "Has issues" and "rejected" need a comment: it goes back to the surveyor in the next
 * package; a rejected interview is voided and leaves the estimates.
 */
export function ReviewDrawer({
  interviewId,
  flags,
  onClose,
  onReviewed,
}: {
  interviewId: string | undefined;
  flags: FlaggedInterview | undefined;
  onClose(): void;
  onReviewed(): void;
}) {
  const { t, i18n } = useTranslation();
  const [tick, setTick] = useState(0);
  const reviews = useLoad(
    () =>
      interviewId
        ? call<{ reviews: Review[] }>('interview/reviews', { interviewId })
        : Promise.resolve({ reviews: [] }),
    [interviewId, tick],
  );
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<ReviewState>();
  const [error, setError] = useState<unknown>();
  const [detail, setDetail] = useState(false);

  async function decide(state: ReviewState) {
    if (!interviewId) return;
    if (state === 'rejected') {
      const ok = await new Promise<boolean>((resolve) =>
        Modal.confirm({
          title: t('quality.rejectTitle'),
          content: t('quality.rejectText'),
          okText: t('quality.actions.rejected'),
          okButtonProps: { danger: true },
          cancelText: t('common.cancel'),
          onOk: () => resolve(true),
          onCancel: () => resolve(false),
        }),
      );
      if (!ok) return;
    }
    setBusy(state);
    setError(undefined);
    try {
      await call('interview/review', { interviewId, state, comment: comment.trim() || null });
      setComment('');
      setTick((n) => n + 1);
      onReviewed();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  }

  const history = reviews.data?.reviews ?? [];
  const current = history[history.length - 1];
  const needsComment = !comment.trim();
  return (
    <Drawer
      open={!!interviewId}
      onClose={onClose}
      size="large"
      title={
        <Space>
          {t('quality.reviewTitle')}
          {current && <Tag color={REVIEW_COLOR[current.state]}>{t(`quality.states.${current.state}`)}</Tag>}
        </Space>
      }
      extra={<Button onClick={() => setDetail(true)}>{t('quality.openRecord')}</Button>}
      data-screen="qc-review"
    >
      <Typography.Paragraph>
        <code>{interviewId}</code> · {flags?.surveyor ?? '—'} · PSU {flags?.psu ?? '—'} · {flags?.day}
      </Typography.Paragraph>
      {flags && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('quality.whyFlagged')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }} data-section="qc-reasons">
              {flags.reasons.map((x) => (
                <li key={`${x.check}:${x.text}`}>
                  <Tag>{t(`quality.checks.${x.check}`)}</Tag>
                  {x.text}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <ErrorAlert error={reviews.error ?? error} />
      <Typography.Title level={5}>{t('quality.decision')}</Typography.Title>
      <Input.TextArea
        rows={3}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        placeholder={t('quality.commentPlaceholder')}
        data-field="review-comment"
        style={{ marginBottom: 12 }}
      />
      <Space wrap style={{ marginBottom: 24 }}>
        <Button type="primary" onClick={() => decide('approved')} loading={busy === 'approved'} data-action="approve">
          {t('quality.actions.approved')}
        </Button>
        <Button
          onClick={() => decide('has_issues')}
          loading={busy === 'has_issues'}
          disabled={needsComment}
          data-action="has-issues"
        >
          {t('quality.actions.has_issues')}
        </Button>
        <Button
          danger
          onClick={() => decide('rejected')}
          loading={busy === 'rejected'}
          disabled={needsComment}
          data-action="reject"
        >
          {t('quality.actions.rejected')}
        </Button>
      </Space>
      <Typography.Title level={5}>{t('quality.history')}</Typography.Title>
      <List
        size="small"
        dataSource={[...history].reverse()}
        locale={{ emptyText: t('quality.noReviews') }}
        renderItem={(rv) => (
          <List.Item data-review={rv.state}>
            <Space direction="vertical" size={0}>
              <span>
                <Tag color={REVIEW_COLOR[rv.state]}>{t(`quality.states.${rv.state}`)}</Tag>
                {new Date(rv.at).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { hour12: false })} ·{' '}
                {rv.reviewer ?? '—'} · {t('quality.revision')} {rv.revision}
              </span>
              {rv.comment && <Typography.Text>{rv.comment}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
      <InterviewDetail
        interviewId={detail ? interviewId : undefined}
        onClose={() => setDetail(false)}
        onFinalize={() => undefined}
        onVoid={() => undefined}
        version={tick}
      />
    </Drawer>
  );
}
