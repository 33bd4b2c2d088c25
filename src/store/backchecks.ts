import type { BackcheckRow, BackcheckStatus } from '../quality/backcheck.ts';
import { appendAudit, nowIso } from './audit.ts';
import type { SqlDriver } from './driver.ts';
import { StoreError } from './errors.ts';

export type { BackcheckRow, BackcheckStatus } from '../quality/backcheck.ts';

interface Row {
  backcheck_id: string;
  draw_id: string;
  interview_id: string;
  reason: 'random' | 'flagged';
  status: BackcheckStatus;
  answers: string | null;
  checker: string | null;
  drawn_at: string;
  done_at: string | null;
  surveyor: string | null;
  region_code: string | null;
  psu: string | null;
  household: string | null;
  started_at: string;
}

const SELECT = `SELECT b.backcheck_id, b.draw_id, b.interview_id, b.reason, b.status, b.answers, b.checker, b.drawn_at,
    b.done_at, i.surveyor, i.region_code, i.psu, i.household, i.started_at
  FROM backchecks b JOIN interviews i ON i.interview_id = b.interview_id`;

const rowOf = (r: Row): BackcheckRow => ({
  backcheckId: r.backcheck_id,
  drawId: r.draw_id,
  interviewId: r.interview_id,
  reason: r.reason,
  status: r.status,
  answers: r.answers === null ? null : (JSON.parse(r.answers) as Record<string, string>),
  checker: r.checker,
  drawnAt: r.drawn_at,
  doneAt: r.done_at,
  surveyor: r.surveyor,
  regionCode: r.region_code,
  psu: r.psu,
  household: r.household,
  interviewedAt: r.started_at,
});

/** Stores a draw (one transaction, with an audit row holding how it was drawn); returns its id. */
export function insertBackcheckDraw(
  db: SqlDriver,
  drawn: readonly { interviewId: string; reason: 'random' | 'flagged' }[],
  how: { share: number; seed: number; flaggedFirst: boolean; actor?: string | null },
): string {
  return db.transaction(() => {
    const drawId = crypto.randomUUID();
    const at = nowIso();
    const stmt = db.prepare(
      'INSERT INTO backchecks (backcheck_id, draw_id, interview_id, reason, drawn_at) VALUES (?, ?, ?, ?, ?)',
    );
    for (const d of drawn) stmt.run([crypto.randomUUID(), drawId, d.interviewId, d.reason, at]);
    appendAudit(db, {
      action: 'backcheck.draw',
      entity: 'backcheck_draw',
      entityId: drawId,
      actor: how.actor,
      at,
      detail: { share: how.share, seed: how.seed, flaggedFirst: how.flaggedFirst, interviews: drawn.length },
    });
    return drawId;
  });
}

/** Every back-check (of one draw, or all), in the order they were drawn. */
export function listBackchecks(db: SqlDriver, drawId?: string): BackcheckRow[] {
  return db
    .all<Row>(`${SELECT} WHERE ? IS NULL OR b.draw_id = ? ORDER BY b.drawn_at, i.surveyor, i.interview_key`, [
      drawId ?? null,
      drawId ?? null,
    ])
    .map(rowOf);
}

/** Records what the back-check found (answers, or that the household could not be reached), with an audit row. */
export function recordBackcheck(
  db: SqlDriver,
  a: { backcheckId: string; status: 'done' | 'unreachable'; answers?: Record<string, string>; checker?: string | null },
): void {
  db.transaction(() => {
    const old = db.get<{ status: string; answers: string | null }>(
      'SELECT status, answers FROM backchecks WHERE backcheck_id = ?',
      [a.backcheckId],
    );
    if (!old) throw new StoreError('not_found', `回访 ${a.backcheckId} 不存在（no such back-check）。`);
    const at = nowIso();
    const answers = a.status === 'done' ? JSON.stringify(a.answers ?? {}) : null;
    db.run('UPDATE backchecks SET status = ?, answers = ?, checker = ?, done_at = ? WHERE backcheck_id = ?', [
      a.status,
      answers,
      a.checker ?? null,
      at,
      a.backcheckId,
    ]);
    appendAudit(db, {
      action: 'backcheck.record',
      entity: 'backcheck',
      entityId: a.backcheckId,
      actor: a.checker,
      at,
      detail: { from: { status: old.status, answers: old.answers }, to: { status: a.status, answers } },
    });
  });
}
