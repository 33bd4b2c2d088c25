/**
 * Quality control while fieldwork runs (质量控制): checks on each final interview's answers and paradata, and on each
 * surveyor's interviews together, each flag with its reason in words a supervisor reads. Pure: the interviews come
 * from src/store/quality.ts, the settings from the supervisor.
 */
import { getOrAdd } from '../util/maps.ts';
import { BUNDLED_CONSISTENCY_RULES, compileRules, consistency } from './consistency.ts';
import { duplicateFlags } from './duplicates.ts';
import { nonResponse, speeding, straightLining } from './interview-checks.ts';
import type { QcSettings } from './settings.ts';
import { type SurveyorSummary, surveyorSummary } from './surveyors.ts';
import { localTime, outOfHours, sameHousehold, surveyorTimeline } from './timeline.ts';
import type { CheckName, QcFlag, QcForm, QcInterview, ReviewState } from './types.ts';

export { fastUnderMs } from './interview-checks.ts';
export type { QcSettings, QcSettingsInput } from './settings.ts';
export { defaultQcSettings, qcSettingsSchema } from './settings.ts';
export { checkLabel } from './surveyors.ts';
export type { CheckName, QcFlag, QcForm, QcInterview, Review, ReviewState } from './types.ts';

/** One day of fieldwork: interviews finalized, and how many of them carry a flag. */
export interface QcDay {
  date: string;
  interviews: number;
  flagged: number;
}

export interface QcResult {
  interviews: number;
  flags: QcFlag[];
  /** Interviews with at least one flag. */
  flaggedInterviews: number;
  byCheck: Partial<Record<CheckName, number>>;
  surveyors: SurveyorSummary;
  days: QcDay[];
  /** Consistency rules left out because the form lacks one of their fields. */
  skippedRules: string[];
}

export function runQualityChecks(
  interviews: readonly QcInterview[],
  form: QcForm,
  settings: QcSettings,
  /** Flags found outside these checks (failed back-checks), counted with the others in the surveyor tests. */
  found: readonly QcFlag[] = [],
): QcResult {
  const index = new Map(form.fields.map((f, k) => [f.name, k]));
  const rules = settings.consistency ?? BUNDLED_CONSISTENCY_RULES;
  const compiled = compileRules(rules, form);
  const skippedRules = rules.filter((r) => !compiled.some((c) => c.rule === r)).map((r) => r.name);
  const flags: QcFlag[] = [];
  // Appended one by one: a spread of 100,000 flags into push() overflows the call stack.
  const add = (more: Iterable<QcFlag | null>) => {
    for (const f of more) if (f) flags.push(f);
  };
  const checked = new Set(interviews.map((iv) => iv.id));
  add(found.filter((f) => checked.has(f.interviewId)));
  for (const iv of interviews) {
    add([
      speeding(iv, settings.speeding),
      straightLining(iv, form, settings.straightLining),
      outOfHours(iv, settings.hours),
    ]);
    add(nonResponse(iv, form, settings.nonResponse));
    add(consistency(iv, index, compiled));
  }
  add(duplicateFlags(interviews, settings.duplicates));
  add(surveyorTimeline(interviews, settings.hours));
  add(sameHousehold(interviews));
  const summary = surveyorSummary(interviews, flags, settings.surveyors);
  // A surveyor far from the others marks each of their interviews, so that the list leads to them.
  const outliers = new Map(
    summary.surveyors.flatMap((s) =>
      s.reasons.filter((r) => r.check === 'surveyor_outlier').map((r) => [s.surveyor, r]),
    ),
  );
  for (const iv of interviews) {
    const o = iv.surveyor ? outliers.get(iv.surveyor) : undefined;
    if (o) flags.push({ interviewId: iv.id, surveyor: iv.surveyor, check: 'surveyor_outlier', reason: o.reason });
  }

  const flaggedIds = new Set(flags.map((f) => f.interviewId));
  const byCheck: Partial<Record<CheckName, number>> = {};
  const counted = new Set<string>();
  for (const f of flags) {
    const key = `${f.check}\u0001${f.interviewId}`;
    if (counted.has(key)) continue;
    counted.add(key);
    byCheck[f.check] = (byCheck[f.check] ?? 0) + 1;
  }
  const days = new Map<string, QcDay>();
  for (const iv of interviews) {
    const date = localTime(iv.finalizedAt ?? iv.startedAt, settings.hours.utcOffsetMinutes).date;
    const d = getOrAdd(days, date, () => ({ date, interviews: 0, flagged: 0 }));
    d.interviews++;
    if (flaggedIds.has(iv.id)) d.flagged++;
  }
  return {
    interviews: interviews.length,
    flags,
    flaggedInterviews: flaggedIds.size,
    byCheck,
    surveyors: summary,
    days: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)),
    skippedRules,
  };
}

/** What qc/run returns: the checks' result for one form version, with the settings used and review states. */
export interface QualityReport extends QcResult {
  formId: string;
  formVersion: string;
  scoringSchemeId: string | null;
  settings: QcSettings;
  /** The review state of every reviewed interview of the form version. */
  reviews: Record<string, ReviewState>;
  /** Per interview in the list: surveyor, PSU and day, for the screen's grouping. */
  interviewInfo: Record<
    string,
    { surveyor: string | null; psu: string | null; startedAt: string; minutes: number | null }
  >;
}
