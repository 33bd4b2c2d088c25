/**
 * Back-checks over the database: draw a share of each surveyor's final interviews (flagged ones first when asked),
 * record what the back-checker found (each answer checked by the form's engine, as an interview answer is), and
 * compare with the interviews as bcstats does (backcheck-compare.ts).
 */
import { FormRuntime } from '../form/runtime.ts';
import { drawBackchecks } from '../quality/backcheck.ts';
import { type BackcheckRow, insertBackcheckDraw, listBackchecks, recordBackcheck } from '../store/backchecks.ts';
import type { SqlDriver } from '../store/driver.ts';
import { backcheckQuestions, formOfInterview } from './backcheck-compare.ts';
import { qualityControl } from './quality-control.ts';

export type { BackcheckReport } from '../quality/backcheck.ts';
export { backcheckReport } from './backcheck-compare.ts';

export function drawBackcheckSample(
  db: SqlDriver,
  o: { share: number; seed: number; flaggedFirst: boolean; formId?: string; actor?: string | null },
): { drawId: string; backchecks: BackcheckRow[] } {
  const qc = qualityControl(db, { formId: o.formId });
  const flagged = new Set(qc.flags.map((f) => f.interviewId));
  const finals = db.all<{ interview_id: string; surveyor: string | null }>(
    "SELECT interview_id, surveyor FROM interviews WHERE status = 'final' AND form_id = ? AND form_version = ?",
    [qc.formId, qc.formVersion],
  );
  const drawn = drawBackchecks(
    finals.map((r) => ({ interviewId: r.interview_id, surveyor: r.surveyor, flagged: flagged.has(r.interview_id) })),
    o,
  );
  const drawId = insertBackcheckDraw(db, drawn, o);
  return { drawId, backchecks: listBackchecks(db, drawId) };
}

/**
 * Records a back-check. Each answer must be one the interview's form accepts for that question (type, choice);
 * the back-checker may leave a question out. The message names the question.
 */
export function recordBackcheckAnswers(
  db: SqlDriver,
  a: { backcheckId: string; status: 'done' | 'unreachable'; answers?: Record<string, string>; checker?: string | null },
): void {
  const row = listBackchecks(db).find((b) => b.backcheckId === a.backcheckId);
  if (!row) throw Object.assign(new Error(`回访 ${a.backcheckId} 不存在。`), { code: 'not_found', userFacing: true });
  const answers: Record<string, string> = {};
  if (a.status === 'done') {
    const form = formOfInterview(db, row.interviewId);
    const runtime = new FormRuntime(form);
    const asked = new Set(backcheckQuestions(db, form).map((q) => q.name));
    for (const [field, raw] of Object.entries(a.answers ?? {})) {
      const value = raw.trim();
      if (value === '') continue;
      if (!asked.has(field)) {
        throw Object.assign(new Error(`“${field}”不是回访要问的题目（not a back-check question）。`), {
          code: 'invalid_argument',
          userFacing: true,
        });
      }
      // Relevance and constraints belong to the whole interview: here only the answer's own type and choices.
      const problem = runtime.validateAnswer(field, value, {});
      if (problem && problem.code !== 'constraint' && problem.code !== 'required') {
        throw Object.assign(new Error(`回访答案“${field}”：${problem.message.zh ?? problem.message.en}`), {
          code: 'invalid_answer',
          userFacing: true,
        });
      }
      answers[field] = value;
    }
  }
  recordBackcheck(db, { ...a, answers });
}
