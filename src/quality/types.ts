import type { Labels } from '../form/model.ts';

/** One final interview as the quality checks see it: who, where, when, and what was answered how fast. */
export interface QcInterview {
  id: string;
  surveyor: string | null;
  regionCode: string | null;
  stratum: string | null;
  psu: string | null;
  household: string | null;
  /** field: interviewed on a laptop; import: an office file; package: merged from a laptop. */
  source: string;
  /** ISO times in UTC. */
  startedAt: string;
  finalizedAt: string | null;
  designWeight: number | null;
  /** The answer to each field of the form, in the order of `QcForm.fields` ('' = no answer). */
  answers: readonly string[];
  /**
   * Time on the questions, where the laptop recorded it (null: an office file): milliseconds in all, answers timed,
   * and answers given in less than `readingShare` of their reading time (see QcSettings.speeding).
   */
  timing: { totalMs: number; timed: number; fast: number } | null;
  /** Answers changed after they were first given (the audit trail's answer.change rows). */
  changes: number;
  /** The stored score under the scheme in use, where the interview is scored. */
  literate: boolean | null;
  percent: number | null;
}

/** What the checks need of the form: its answerable fields in order, with their reading time and choices. */
export interface QcField {
  name: string;
  type: string;
  /** Characters of the question's label (the text a surveyor reads out). */
  labelLength: number;
  /** Choice names of a select, in the form's order (for straight-lining: the position of the answer). */
  choices?: readonly string[];
  /** Scored by the scheme (a knowledge, method, thinking or application question). */
  scored: boolean;
  /** Asked of everyone (no relevance rule on it or its groups): the base of the item non-response share. */
  alwaysAsked: boolean;
}

export interface QcForm {
  fields: readonly QcField[];
  /** The scheme's don't-know answers (choice names). */
  dontKnow: ReadonlySet<string>;
}

export type CheckName =
  | 'speeding'
  | 'straight_lining'
  | 'dont_know'
  | 'missing'
  | 'consistency'
  | 'duplicate'
  | 'near_duplicate'
  | 'same_household'
  | 'out_of_hours'
  | 'too_many_per_day'
  | 'overlap'
  | 'surveyor_outlier'
  | 'backcheck';

/** One flag on one interview: which check, and why in words a supervisor reads. */
export interface QcFlag {
  interviewId: string;
  surveyor: string | null;
  check: CheckName;
  reason: Labels;
  /** The measured value and the threshold it crossed, for sorting and for the export. */
  value?: number;
  threshold?: number;
  /** The other interview of a duplicate pair or an overlap. */
  other?: string;
}

export type ReviewState = 'received' | 'approved' | 'has_issues' | 'rejected';

/** A supervisor's decision on a final interview (src/store/quality.ts keeps them, append-only). */
export interface Review {
  reviewUuid: string;
  interviewId: string;
  revision: number;
  state: ReviewState;
  comment: string | null;
  reviewer: string | null;
  at: string;
}
