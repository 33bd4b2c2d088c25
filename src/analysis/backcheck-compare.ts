/**
 * Back-checks compared with their interviews (bcstats): which questions a back-check asks, and every done back-check
 * against its interview's answers. Read by the back-check report and by the quality checks (a failed back-check flags
 * its interview).
 */
import { allFields, type Form } from '../form/model.ts';
import {
  type BackcheckComparison,
  type BackcheckQuestion,
  type BackcheckReport,
  backcheckStats,
  compareBackcheck,
} from '../quality/backcheck.ts';
import { parseStoredForm } from '../scoring/stored-form.ts';
import { listBackchecks } from '../store/backchecks.ts';
import type { SqlDriver } from '../store/driver.ts';
import { getFormRow } from '../store/forms.ts';
import { getAnswers, getInterview } from '../store/interviews.ts';
import { getSetting } from '../store/quality.ts';

export const BACKCHECK_QUESTIONS_KEY = 'quality.backcheckQuestions';

/** The stable facts asked again by default, where the form has them; age agrees within a year (a birthday). */
const FACTS: readonly BackcheckQuestion[] = [
  { name: 'sex', kind: 'fact' },
  { name: 'age', kind: 'fact', tolerance: 1 },
  { name: 'education', kind: 'fact' },
  { name: 'residence', kind: 'fact' },
  { name: 'occupation', kind: 'fact' },
];

/** The questions a back-check asks: the supervisor's list, or the form's facts and its first three scored choices. */
export function backcheckQuestions(db: SqlDriver, form: Form): BackcheckQuestion[] {
  const saved = getSetting<BackcheckQuestion[]>(db, BACKCHECK_QUESTIONS_KEY);
  const fields = allFields(form);
  const names = new Set(fields.map((f) => f.name));
  if (saved) return saved.filter((q) => names.has(q.name));
  const knowledge = fields
    .filter((f) => f.scoring && f.type === 'select_one')
    .slice(0, 3)
    .map((f) => ({ name: f.name, kind: 'knowledge' as const }));
  return [...FACTS.filter((q) => names.has(q.name)), ...knowledge];
}

export function formOfInterview(db: SqlDriver, interviewId: string): Form {
  const iv = getInterview(db, interviewId);
  const row = iv ? getFormRow(db, iv.form_id, iv.form_version) : undefined;
  if (!iv || !row)
    throw Object.assign(new Error(`问卷 ${interviewId} 不存在。`), { code: 'not_found', userFacing: true });
  return parseStoredForm(row.definition, row.form_id, row.version);
}

/** Every done back-check compared with its interview, and bcstats' discrepancy tables. */
export function backcheckReport(db: SqlDriver): BackcheckReport {
  const backchecks = listBackchecks(db);
  const comparisons: BackcheckComparison[] = [];
  const questionsByForm = new Map<string, BackcheckQuestion[]>();
  let questions: BackcheckQuestion[] = [];
  for (const b of backchecks) {
    if (b.status !== 'done' || !b.answers) continue;
    const iv = getInterview(db, b.interviewId);
    if (!iv) continue;
    const key = `${iv.form_id}\u0001${iv.form_version}`;
    let qs = questionsByForm.get(key);
    if (!qs) {
      qs = backcheckQuestions(db, formOfInterview(db, b.interviewId));
      questionsByForm.set(key, qs);
    }
    questions = qs;
    const original = getAnswers(db, b.interviewId);
    const answers = b.answers;
    comparisons.push(
      compareBackcheck(
        {
          interviewId: b.interviewId,
          surveyor: b.surveyor,
          original: (f) => original[f],
          backcheck: (f) => answers[f],
        },
        qs,
      ),
    );
  }
  if (questions.length === 0 && backchecks[0])
    questions = backcheckQuestions(db, formOfInterview(db, backchecks[0].interviewId));
  return { questions, backchecks, comparisons, stats: backcheckStats(comparisons) };
}
