import { Card, Descriptions, Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Form } from '../../../../src/form/model.ts';
import { compileScorer } from '../../../../src/scoring/respondent.ts';
import { schemeFromForm } from '../../../../src/scoring/scheme.ts';
import type { Answers } from './logic.ts';

/** The finalized interview's score under the form's own scheme, by the same scoring engine as the reports. */
export function ScoreCard({ form, answers }: { form: Form; answers: Answers }) {
  const { t } = useTranslation();
  const score = useMemo(() => {
    try {
      return compileScorer(form, schemeFromForm(form)).score(answers as Record<string, string | null>);
    } catch {
      return null; // a form without scored items
    }
  }, [form, answers]);
  if (!score || score.itemCount === 0) return null;
  return (
    <Card size="small" title={t('interview.score')} style={{ marginTop: 16 }} data-section="score">
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('interview.total')}>
          <b data-testid="score-total">{Math.round(score.total * 100) / 100}</b> / {score.max}
        </Descriptions.Item>
        <Descriptions.Item label={t('interview.level')}>
          <Tag color={score.literate ? 'green' : 'default'} data-testid="score-level" data-level={score.level}>
            {t(`levels.${score.level}`, { defaultValue: score.level })}
          </Tag>
        </Descriptions.Item>
        {Object.entries(score.dimensions).map(([d, v]) => (
          <Descriptions.Item key={d} label={t(`dimensions.${d}`, { defaultValue: d })}>
            <span data-dimension={d}>{Math.round(v.points * 100) / 100}</span> / {v.max}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}
