import type { SqlDriver } from './driver.ts';

/**
 * Places the synthetic city's interviews on their simulated fieldwork days (src/simulate/field-behaviour.ts): a
 * real laptop records its own clock when an interview starts and ends; the simulation writes all of its interviews
 * in seconds, so it sets the times its surveyors would have recorded. Only the simulation calls this. The audit
 * trail keeps the times the rows were really written.
 */
export function placeSimulatedTimes(
  db: SqlDriver,
  times: readonly { interviewId: string; startedAt: string; finalizedAt: string }[],
): void {
  db.transaction(() => {
    const stmt = db.prepare(
      'UPDATE interviews SET started_at = ?, finalized_at = ?, updated_at = ? WHERE interview_id = ?',
    );
    for (const t of times) stmt.run([t.startedAt, t.finalizedAt, t.finalizedAt, t.interviewId]);
  });
}
