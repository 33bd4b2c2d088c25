/**
 * Back-checks (回访/复核), as IPA's bcstats does them: a share of each surveyor's completed interviews is drawn
 * (flagged ones first when asked), a back-checker asks a short set of the same questions again, and the answers are
 * compared question by question. Questions are of two kinds: stable facts (sex, age, education, residence,
 * occupation: bcstats' type 1, which must not change) and knowledge answers (type 2, which a respondent may answer
 * differently on a second asking). A back-check in which the facts disagree fails, and flags the original interview.
 */
import type { Labels } from '../form/model.ts';
import { fastHash } from '../util/hash.ts';
import { getOrAdd } from '../util/maps.ts';

export type BackcheckKind = 'fact' | 'knowledge';

export interface BackcheckDrawInput {
  interviewId: string;
  surveyor: string | null;
  flagged: boolean;
}

export interface BackcheckDrawOptions {
  /** Share of each surveyor's interviews to back-check (at least one each). */
  share: number;
  seed: number;
  /** Take flagged interviews before the others. */
  flaggedFirst: boolean;
}

/**
 * Which interviews to back-check: per surveyor ⌈share × n⌉, in the order of a hash of seed and interview id (the
 * same draw for the same seed whatever order the interviews come in), flagged ones first when asked.
 */
export function drawBackchecks(
  interviews: readonly BackcheckDrawInput[],
  o: BackcheckDrawOptions,
): { interviewId: string; reason: 'random' | 'flagged' }[] {
  const bySurveyor = new Map<string, BackcheckDrawInput[]>();
  for (const iv of interviews) getOrAdd(bySurveyor, iv.surveyor ?? '', () => []).push(iv);
  const out: { interviewId: string; reason: 'random' | 'flagged' }[] = [];
  for (const list of bySurveyor.values()) {
    const take = Math.min(list.length, Math.max(1, Math.ceil(o.share * list.length)));
    const ordered = list
      .map((iv) => ({ iv, key: fastHash(`${o.seed}:${iv.interviewId}`) }))
      .sort(
        (a, b) =>
          (o.flaggedFirst ? Number(b.iv.flagged) - Number(a.iv.flagged) : 0) ||
          a.key.localeCompare(b.key) ||
          a.iv.interviewId.localeCompare(b.iv.interviewId),
      );
    for (const { iv } of ordered.slice(0, take)) {
      out.push({ interviewId: iv.interviewId, reason: o.flaggedFirst && iv.flagged ? 'flagged' : 'random' });
    }
  }
  return out;
}

export interface BackcheckQuestion {
  name: string;
  kind: BackcheckKind;
  /** For numbers (age): answers within this distance agree (bcstats' okrange). */
  tolerance?: number;
}

export interface BackcheckPair {
  interviewId: string;
  surveyor: string | null;
  original: (field: string) => string | null | undefined;
  backcheck: (field: string) => string | null | undefined;
}

export interface BackcheckComparison {
  interviewId: string;
  surveyor: string | null;
  /** The questions asked again: whether the answers agree (a question unanswered in the back-check is left out). */
  answers: { name: string; kind: BackcheckKind; original: string; backcheck: string; agree: boolean }[];
  failed: boolean;
  reason?: Labels;
}

const norm = (v: string | null | undefined) => (v ?? '').trim().split(/\s+/).sort().join(' ');

/** One back-check against its interview; it fails when any stable fact disagrees. */
export function compareBackcheck(p: BackcheckPair, questions: readonly BackcheckQuestion[]): BackcheckComparison {
  const answers: BackcheckComparison['answers'] = [];
  for (const q of questions) {
    const b = norm(p.backcheck(q.name));
    if (b === '') continue;
    const o = norm(p.original(q.name));
    const agree =
      q.tolerance !== undefined && o !== '' && Number.isFinite(Number(o)) && Number.isFinite(Number(b))
        ? Math.abs(Number(o) - Number(b)) <= q.tolerance
        : o === b;
    answers.push({ name: q.name, kind: q.kind, original: o, backcheck: b, agree });
  }
  const wrongFacts = answers.filter((a) => a.kind === 'fact' && !a.agree);
  const failed = wrongFacts.length > 0;
  return {
    interviewId: p.interviewId,
    surveyor: p.surveyor,
    answers,
    failed,
    ...(failed
      ? {
          reason: {
            zh: `回访时${wrongFacts.map((a) => `“${a.name}”为 ${a.backcheck || '空'}（原为 ${a.original || '空'}）`).join('，')}`,
            en: `back-check: ${wrongFacts.map((a) => `${a.name} ${a.backcheck || '—'} (was ${a.original || '—'})`).join(', ')}`,
          },
        }
      : {}),
  };
}

export interface DiscrepancyRate {
  compared: number;
  different: number;
  rate: number;
}

const rate = (compared: number, different: number): DiscrepancyRate => ({
  compared,
  different,
  rate: compared ? different / compared : 0,
});

/** bcstats' tables: discrepancy rates by kind of question, by question, and by surveyor (and kind). */
export function backcheckStats(comparisons: readonly BackcheckComparison[]): {
  byKind: Record<BackcheckKind, DiscrepancyRate>;
  byQuestion: { name: string; kind: BackcheckKind; rate: DiscrepancyRate }[];
  bySurveyor: {
    surveyor: string;
    backchecks: number;
    failed: number;
    fact: DiscrepancyRate;
    knowledge: DiscrepancyRate;
  }[];
} {
  const tally = () => ({ compared: 0, different: 0 });
  const kinds = { fact: tally(), knowledge: tally() };
  const questions = new Map<string, { kind: BackcheckKind; t: { compared: number; different: number } }>();
  const surveyors = new Map<
    string,
    { backchecks: number; failed: number; fact: ReturnType<typeof tally>; knowledge: ReturnType<typeof tally> }
  >();
  for (const c of comparisons) {
    const s = getOrAdd(surveyors, c.surveyor ?? '', () => ({
      backchecks: 0,
      failed: 0,
      fact: tally(),
      knowledge: tally(),
    }));
    s.backchecks++;
    if (c.failed) s.failed++;
    for (const a of c.answers) {
      const q = getOrAdd(questions, a.name, () => ({ kind: a.kind, t: tally() }));
      for (const t of [kinds[a.kind], q.t, s[a.kind]]) {
        t.compared++;
        if (!a.agree) t.different++;
      }
    }
  }
  return {
    byKind: {
      fact: rate(kinds.fact.compared, kinds.fact.different),
      knowledge: rate(kinds.knowledge.compared, kinds.knowledge.different),
    },
    byQuestion: [...questions].map(([name, q]) => ({ name, kind: q.kind, rate: rate(q.t.compared, q.t.different) })),
    bySurveyor: [...surveyors].map(([surveyor, s]) => ({
      surveyor,
      backchecks: s.backchecks,
      failed: s.failed,
      fact: rate(s.fact.compared, s.fact.different),
      knowledge: rate(s.knowledge.compared, s.knowledge.different),
    })),
  };
}

export type BackcheckStatus = 'pending' | 'done' | 'unreachable';

/** One drawn back-check, with what the back-checker needs to find the household (never the interview's answers). */
export interface BackcheckRow {
  backcheckId: string;
  drawId: string;
  interviewId: string;
  reason: 'random' | 'flagged';
  status: BackcheckStatus;
  answers: Record<string, string> | null;
  checker: string | null;
  drawnAt: string;
  doneAt: string | null;
  surveyor: string | null;
  regionCode: string | null;
  psu: string | null;
  household: string | null;
  interviewedAt: string;
}

/** What backcheck/report returns: every back-check, the done ones compared, and bcstats' tables. */
export interface BackcheckReport {
  questions: BackcheckQuestion[];
  backchecks: BackcheckRow[];
  comparisons: BackcheckComparison[];
  stats: ReturnType<typeof backcheckStats>;
}
