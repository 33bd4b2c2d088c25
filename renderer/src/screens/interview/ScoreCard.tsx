import { Card, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client.ts';
import { useLoad } from '../../common.tsx';

export interface InterviewScore {
  total: number;
  max_total?: number;
  level: string;
  literate: boolean | number;
  dimensions: Record<string, number>;
}

/** The finalized interview's score, as the scoring engine computes it. */
export function ScoreCard({ interviewId }: { interviewId: string }) {
  const { t } = useTranslation();
  const score = useLoad(() => call<InterviewScore | null>('score/interview', { interviewId }), [interviewId]);
  if (!score.data) return null;
  const s = score.data;
  return (
    <Card size="small" title={t('interview.score')} data-score={s.total} style={{ marginTop: 16 }}>
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t('interview.total')}>
          <span data-testid="score-total">{s.total}</span>
          {s.max_total != null && ` / ${s.max_total}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('interview.level')}>
          {t(`levels.${s.level}`, { defaultValue: s.level })}
        </Descriptions.Item>
        {Object.entries(s.dimensions).map(([d, v]) => (
          <Descriptions.Item key={d} label={t(`dimensions.${d}`, { defaultValue: d })}>
            {v}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}
