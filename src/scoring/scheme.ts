/**
 * Scoring schemes are data: a JSON document (stored in `scoring_schemes`, exported with every report) that says
 * how points become a literacy level. Three rules (methodology.md §1.1–1.2):
 * - `points`: levels by cut-offs on the total (the national 100-point rule: advanced ≥ 85, literate ≥ 70,
 *   basic ≥ 55, low);
 * - `percent_correct`: literate when the share of items answered correctly reaches a cut-off (2016 pilot: 60 %);
 * - `all_dimensions`: literate only when every listed dimension passes its own threshold (Miller-style waves).
 * Every cut-off carries its comparison (`>=` or `>`), because published wording differs ("70分及以上" / "超过70分").
 * Veto answers fail a respondent whatever the score.
 */
import { z } from 'zod';
import type { Form, Labels } from '../form/model.ts';

const comparison = z.enum(['>=', '>']);
const labels = z.record(z.string(), z.string());
const code = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\p{L}\p{N}_.:@-]+$/u, 'use letters, digits and _ . : @ - only');

const levelCut = z.object({
  level: code,
  /** Lower bound on the scale of the scheme (`scale`). */
  min: z.number().finite(),
  comparison: comparison.default('>='),
  label: labels.default({}),
});

const namedLevel = z.object({ level: code, label: labels.default({}) });

const vetoAnswer = z.object({
  /** The field whose answer fails the respondent. */
  field: code,
  /** Choice names (any selected one vetoes). */
  answers: z.array(z.string().min(1)).min(1),
});

const common = {
  id: code,
  name: z.string().min(1).max(200),
  label: labels.optional(),
  /** Veto answers of the scheme itself, in addition to the form's `scoring::veto` columns. */
  vetoes: z.array(vetoAnswer).default([]),
  /** Whether the form's `scoring::veto` columns apply. */
  formVetoes: z.boolean().default(true),
  /** Choice names that mean "don't know" (scored 0, counted as such, never missing). */
  dontKnow: z.array(z.string().min(1)).default(['dont_know']),
};

const pointsRule = z.object({
  ...common,
  rule: z.literal('points'),
  /** Cut-offs; the first one passed, from the highest down, gives the level. */
  levels: z.array(levelCut).min(1),
  /** The level of a score that passes no cut-off (and of a vetoed respondent). */
  below: namedLevel.default({ level: 'low', label: {} }),
  /** Levels that count as "has science literacy" (the headline share counts advanced + literate). */
  literateLevels: z.array(code).min(1),
  /**
   * `percent`: cut-offs apply to the score rescaled to 0–100 (total / max × 100), so a form whose items add up to
   * something other than 100 is judged on the national scale; `points`: cut-offs apply to the raw total.
   */
  scale: z.enum(['percent', 'points']).default('percent'),
});

const binaryLevels = {
  literateLevel: namedLevel.default({ level: 'literate', label: {} }),
  otherLevel: namedLevel.default({ level: 'not_literate', label: {} }),
};

const percentCorrectRule = z.object({
  ...common,
  ...binaryLevels,
  rule: z.literal('percent_correct'),
  /** Cut-off in percent (0–100). */
  min: z.number().min(0).max(100),
  comparison: comparison.default('>='),
  /** `items`: share of scored items answered correctly; `points`: share of points earned. */
  basis: z.enum(['items', 'points']).default('items'),
});

const dimensionThreshold = z.object({
  min: z.number().finite(),
  comparison: comparison.default('>='),
  /** What `min` counts: correct items, points, or percent of the dimension's points. */
  unit: z.enum(['items', 'points', 'percent']).default('items'),
});

const allDimensionsRule = z.object({
  ...common,
  ...binaryLevels,
  rule: z.literal('all_dimensions'),
  /** Dimension code → threshold. Every listed dimension must pass; the form must have each of them. */
  dimensions: z
    .record(code, dimensionThreshold)
    .refine((d) => Object.keys(d).length > 0, 'list at least one dimension'),
});

/** The zod schema of a scheme file (`scilit score --scheme FILE`). */
export const scoringSchemeSchema = z.discriminatedUnion('rule', [pointsRule, percentCorrectRule, allDimensionsRule]);

export type ScoringScheme = z.output<typeof scoringSchemeSchema>;
export type ScoringSchemeInput = z.input<typeof scoringSchemeSchema>;
export type PointsScheme = Extract<ScoringScheme, { rule: 'points' }>;
export type Comparison = z.output<typeof comparison>;

export const NATIONAL_SCHEME_ID = 'national-2021';

/** The national 100-point rule of the 2021–2035 outline (methodology.md §1.1), with ≥ or > at every cut-off. */
export function nationalScheme(cmp: Comparison = '>='): PointsScheme {
  const l = (zh: string, en: string): Labels => ({ zh, en });
  return {
    id: cmp === '>=' ? NATIONAL_SCHEME_ID : `${NATIONAL_SCHEME_ID}-gt`,
    name: cmp === '>=' ? 'National 100-point rule (2021–2035 outline)' : 'National 100-point rule, strict cut-offs',
    label: l('全国公民科学素质百分制标准', 'National 100-point rule'),
    rule: 'points',
    levels: [
      { level: 'advanced', min: 85, comparison: cmp, label: l('高阶科学素质', 'Advanced') },
      { level: 'literate', min: 70, comparison: cmp, label: l('具备科学素质', 'Scientifically literate') },
      { level: 'basic', min: 55, comparison: cmp, label: l('基本具备', 'Basic') },
    ],
    below: { level: 'low', label: l('科学素质较低', 'Low') },
    literateLevels: ['advanced', 'literate'],
    scale: 'percent',
    vetoes: [],
    formVetoes: true,
    dontKnow: ['dont_know'],
  };
}

/** The 2016 benchmark pilot's rule: literate when the share of correct items reaches 60 %. */
export function percentCorrectScheme(min = 60, cmp: Comparison = '>='): ScoringScheme {
  return scoringSchemeSchema.parse({
    id: `percent-correct-${min}${cmp === '>' ? '-gt' : ''}`,
    name: `Percent-correct rule (${cmp} ${min} %)`,
    rule: 'percent_correct',
    min,
    comparison: cmp,
  });
}

/**
 * The scheme a form asks for: its `scoring` sheet's levels when it has them, else the national rule.
 * A level named `literate` marks the headline: it and every higher level count as literate; without one, every
 * level above the lowest counts.
 */
export function schemeFromForm(form: Pick<Form, 'formId' | 'version' | 'levels'>): PointsScheme {
  if (form.levels.length === 0) return nationalScheme();
  const sorted = [...form.levels].sort((a, b) => b.minScore - a.minScore);
  const last = sorted[sorted.length - 1]!;
  // A lowest row "low, 0" (≥) is the catch-all level, not a cut-off.
  const catchAll = sorted.length > 1 && last.minScore <= 0 && last.comparison === '>=';
  const cuts = catchAll ? sorted.slice(0, -1) : sorted;
  const literateCut = cuts.find((c) => c.level === 'literate');
  const literateLevels = cuts.filter((c) => !literateCut || c.minScore >= literateCut.minScore).map((c) => c.level);
  const national = nationalScheme();
  const belowLevel = catchAll ? last.level : 'low';
  // A scoring sheet that restates the national rule is the national scheme: one id for estimates and reports.
  if (
    belowLevel === national.below.level &&
    literateLevels.join() === national.literateLevels.join() &&
    cuts.length === national.levels.length &&
    cuts.every((c, i) => {
      const n = national.levels[i]!;
      return c.level === n.level && c.minScore === n.min && c.comparison === n.comparison;
    })
  ) {
    return national;
  }
  return {
    id: `form:${form.formId}@${form.version}`,
    name: `Levels of form ${form.formId} version ${form.version}`,
    rule: 'points',
    levels: cuts.map((c) => ({ level: c.level, min: c.minScore, comparison: c.comparison, label: { ...c.label } })),
    below: catchAll ? { level: last.level, label: { ...last.label } } : { level: 'low', label: {} },
    literateLevels,
    scale: 'percent',
    vetoes: [],
    formVetoes: true,
    dontKnow: ['dont_know'],
  };
}

/** Every level a scheme can give, highest first: the report's row order. */
export function levelsOf(scheme: ScoringScheme): string[] {
  if (scheme.rule === 'points') {
    return [...[...scheme.levels].sort((a, b) => b.min - a.min).map((l) => l.level), scheme.below.level];
  }
  return [scheme.literateLevel.level, scheme.otherLevel.level];
}

/** Parses a scheme file (JSON text); errors name the path inside the file. */
export function parseScheme(text: string, source = 'scheme file'): ScoringScheme {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw schemeError(`${source} is not valid JSON: ${(e as Error).message}`);
  }
  return validateScheme(json, source);
}

export function validateScheme(json: unknown, source = 'scheme'): ScoringScheme {
  const r = scoringSchemeSchema.safeParse(json);
  if (!r.success) {
    const msg = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top)'}: ${i.message}`).join('; ');
    throw schemeError(`${source} is not a valid scoring scheme: ${msg}`);
  }
  const s = r.data;
  if (s.rule === 'points') {
    const names = new Set(s.levels.map((l) => l.level));
    if (names.size !== s.levels.length || names.has(s.below.level)) {
      throw schemeError(`${source}: level names must be distinct (levels and below).`);
    }
    for (const l of s.literateLevels) {
      if (!names.has(l)) throw schemeError(`${source}: literateLevels names "${l}", which is not one of the levels.`);
    }
  } else if (s.literateLevel.level === s.otherLevel.level) {
    throw schemeError(`${source}: literateLevel and otherLevel must differ.`);
  }
  return s;
}

/** The canonical JSON of a scheme (sorted keys): what is stored, and what score_sets' hash covers. */
export function canonicalScheme(scheme: ScoringScheme): string {
  return canonicalJson(scheme);
}

export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function schemeError(message: string): Error & { code: string; userFacing: true } {
  return Object.assign(new Error(message), { code: 'invalid_scheme', userFacing: true as const });
}
