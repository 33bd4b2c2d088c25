/**
 * Which final interviews the analysis uses. By default every final one (a rejected interview is voided, so it is not
 * final); with the setting "approved interviews only" on, only those whose latest review is "approved" — for weights
 * and estimates alike, so that raking and estimation see the same respondents (issue 24, review states).
 */
import type { SqlDriver } from '../store/driver.ts';
import { approvedInterviewIds, getSetting, putSetting } from '../store/quality.ts';

export const APPROVED_ONLY_KEY = 'analysis.approvedOnly';

export function approvedOnly(db: SqlDriver): boolean {
  return getSetting<boolean>(db, APPROVED_ONLY_KEY) === true;
}

export function setApprovedOnly(db: SqlDriver, on: boolean, actor?: string | null): void {
  putSetting(db, APPROVED_ONLY_KEY, on, actor);
}

/** The interviews the analysis may use, or null for every final interview. */
export function analysisScope(db: SqlDriver): ReadonlySet<string> | null {
  return approvedOnly(db) ? approvedInterviewIds(db) : null;
}
