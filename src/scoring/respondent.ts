/**
 * One respondent's score: points per dimension, total, maximum, the total rescaled to 0–100, the level the scheme
 * gives, whether that level counts as literate, and vetoes.
 */
import type { Form } from '../form/model.ts';
import { type CompiledForm, compileForm, type ItemOutcome, isVeto, itemOutcome } from './items-compile.ts';
import type { Comparison, ScoringScheme } from './scheme.ts';

export interface DimensionScore {
  points: number;
  max: number;
  /** Items of the dimension answered correctly, and all items of the dimension. */
  correct: number;
  items: number;
}

export interface ItemScore {
  field: string;
  dimension: string;
  outcome: ItemOutcome;
  points: number;
}

export interface RespondentScore {
  /** Points earned. */
  total: number;
  /** The form's own maximum (100 for the national structure). */
  max: number;
  /** total / max × 100: the score on the national 0–100 scale. */
  percent: number;
  dimensions: Record<string, DimensionScore>;
  level: string;
  literate: boolean;
  vetoed: boolean;
  /** Fields whose answers vetoed the respondent. */
  vetoedBy: string[];
  /** Items answered correctly / wrongly / "don't know" / left unanswered (all count: none is missing). */
  correct: number;
  wrong: number;
  dontKnow: number;
  unanswered: number;
  itemCount: number;
  items: ItemScore[];
}

export type AnswerLookup = (field: string) => string | null | undefined;

/**
 * What a respondent's answers come to before the scheme's rule is applied: it depends only on the form and the
 * scheme's `dontKnow`, `vetoes` and `formVetoes`, so a change of cut-offs, levels or rule can classify it again
 * without reading the answers (see `classify`).
 */
export interface Tally {
  total: number;
  vetoed: boolean;
  /** Points earned and items answered correctly per dimension, in `compiled.dimensions` order. */
  points: readonly number[];
  correct: readonly number[];
}

/** The level a scheme gives a tally, whether it counts as literate, and the total on the 0–100 scale. */
export interface Classification {
  level: string;
  literate: boolean;
  percent: number;
}

export interface Scorer {
  readonly compiled: CompiledForm;
  readonly scheme: ScoringScheme;
  /** With `detail` false, `items` is left empty (the batch path: 100,000 respondents, no per-item objects). */
  score(answers: AnswerLookup | Readonly<Record<string, string | null>>, detail?: boolean): RespondentScore;
  /** The same from answers aligned with `compiled.inputFields` (the batch path: no lookups by name). */
  scoreValues(values: readonly (string | null | undefined)[], detail?: boolean): RespondentScore;
  /** The level of a respondent from their tally: the same rule as `scoreValues`, for stored tallies. */
  classify(tally: Tally): Classification;
}

const MEMO_LIMIT = 1024;

export function passes(value: number, min: number, cmp: Comparison): boolean {
  // Scores are sums of decimal points: compare after rounding away binary noise (69.99999999 is 70).
  const v = Math.round(value * 1e9) / 1e9;
  return cmp === '>=' ? v >= min : v > min;
}

/** Compiles the form's items and the scheme once; `score` then runs per respondent. */
export function compileScorer(form: Form, scheme: ScoringScheme): Scorer {
  const compiled = compileForm(form, scheme);
  const { items, vetoes, dontKnow, dimensions, dimensionMax, max, inputFields } = compiled;
  const position = new Map(inputFields.map((f, i) => [f, i]));
  const itemAt = items.map((i) => position.get(i.field)!);
  const vetoAt = vetoes.map((v) => position.get(v.field)!);
  const pointCuts = scheme.rule === 'points' ? [...scheme.levels].sort((a, b) => b.min - a.min) : [];
  const literateLevels = new Set(scheme.rule === 'points' ? scheme.literateLevels : [scheme.literateLevel.level]);
  const lowest = scheme.rule === 'points' ? scheme.below.level : scheme.otherLevel.level;
  // An item's outcome depends only on the answer text, and a survey has few distinct answers per item: remembering
  // them saves the trimming, splitting and set lookups of 100,000 respondents (bounded for free numbers).
  const memo = items.map(() => new Map<string, ItemOutcome>());
  const dimensionItems = dimensions.map((d) => items.filter((i) => i.dimension === d).length);

  function levelOf(total: number, percent: number, correct: number, dims: Record<string, DimensionScore>): string {
    switch (scheme.rule) {
      case 'points': {
        const x = scheme.scale === 'percent' ? percent : total;
        for (const c of pointCuts) if (passes(x, c.min, c.comparison)) return c.level;
        return scheme.below.level;
      }
      case 'percent_correct': {
        const share = scheme.basis === 'items' ? (items.length > 0 ? (correct * 100) / items.length : 0) : percent;
        return passes(share, scheme.min, scheme.comparison) ? scheme.literateLevel.level : scheme.otherLevel.level;
      }
      case 'all_dimensions': {
        for (const [d, t] of Object.entries(scheme.dimensions)) {
          const ds = dims[d]!;
          const x =
            t.unit === 'items'
              ? ds.correct
              : t.unit === 'points'
                ? ds.points
                : ds.max > 0
                  ? (ds.points * 100) / ds.max
                  : 0;
          if (!passes(x, t.min, t.comparison)) return scheme.otherLevel.level;
        }
        return scheme.literateLevel.level;
      }
    }
  }

  function percentOf(total: number): number {
    return max > 0 ? Math.round(((total * 100) / max) * 1e9) / 1e9 : 0;
  }

  /** A vetoed respondent gets the lowest level and is never literate, whatever the score. */
  function classification(
    total: number,
    correct: number,
    dims: Record<string, DimensionScore>,
    vetoed: boolean,
  ): Classification {
    const percent = percentOf(total);
    const level = vetoed ? lowest : levelOf(total, percent, correct, dims);
    return { level, literate: !vetoed && literateLevels.has(level), percent };
  }

  function classify(t: Tally): Classification {
    const dims: Record<string, DimensionScore> = {};
    let correct = 0;
    for (let i = 0; i < dimensions.length; i++) {
      const d = dimensions[i]!;
      dims[d] = { points: t.points[i]!, max: dimensionMax[d]!, correct: t.correct[i]!, items: dimensionItems[i]! };
      correct += t.correct[i]!;
    }
    return classification(t.total, correct, dims, t.vetoed);
  }

  function score(answers: AnswerLookup | Readonly<Record<string, string | null>>, detail = true): RespondentScore {
    const get: AnswerLookup = typeof answers === 'function' ? answers : (f) => answers[f];
    return scoreValues(inputFields.map(get), detail);
  }

  function scoreValues(values: readonly (string | null | undefined)[], detail = true): RespondentScore {
    const dims: Record<string, DimensionScore> = {};
    for (const d of dimensions) dims[d] = { points: 0, max: dimensionMax[d]!, correct: 0, items: 0 };
    const itemScores: ItemScore[] = detail ? new Array(items.length) : [];
    let total = 0;
    let correct = 0;
    let wrong = 0;
    let dk = 0;
    let unanswered = 0;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      const raw = values[itemAt[i]!];
      let outcome: ItemOutcome;
      if (raw == null) outcome = 'unanswered';
      else {
        const seen = memo[i]!;
        const known = seen.get(raw);
        if (known === undefined) {
          outcome = itemOutcome(item, dontKnow, raw);
          if (seen.size < MEMO_LIMIT) seen.set(raw, outcome);
        } else outcome = known;
      }
      const ds = dims[item.dimension]!;
      ds.items++;
      let points = 0;
      if (outcome === 'correct') {
        points = item.points;
        correct++;
        ds.correct++;
        ds.points += points;
        total += points;
      } else if (outcome === 'wrong') wrong++;
      else if (outcome === 'dont_know') dk++;
      else unanswered++;
      if (detail) itemScores[i] = { field: item.field, dimension: item.dimension, outcome, points };
    }
    const vetoedBy: string[] = [];
    for (let j = 0; j < vetoes.length; j++) {
      const v = vetoes[j]!;
      if (isVeto(v, values[vetoAt[j]!])) vetoedBy.push(v.field);
    }
    total = Math.round(total * 1e9) / 1e9;
    const vetoed = vetoedBy.length > 0;
    const { level, literate, percent } = classification(total, correct, dims, vetoed);
    return {
      total,
      max,
      percent,
      dimensions: dims,
      level,
      literate,
      vetoed,
      vetoedBy,
      correct,
      wrong,
      dontKnow: dk,
      unanswered,
      itemCount: items.length,
      items: itemScores,
    };
  }

  return { compiled, scheme, score, scoreValues, classify };
}

/**
 * Scores one respondent. For many respondents of one form, compile once with compileScorer and call `score`.
 */
export function scoreRespondent(
  form: Form,
  scheme: ScoringScheme,
  answers: Readonly<Record<string, string | null>>,
): RespondentScore {
  return compileScorer(form, scheme).score(answers);
}
