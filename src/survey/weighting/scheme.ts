import { z } from 'zod';
import { WeightingError } from './errors.ts';
import type { TargetCell, WeightingStepSpec } from './types.ts';

/**
 * A weighting scheme as stored in the database (weighting_schemes.definition): which interviews, their base
 * weight and design variables, and the recipe of steps. Steps name a stored target set and the variables of
 * its tables instead of carrying the population counts, so a scheme stays short and re-runs on updated
 * targets; a step may also carry its cells inline (the WeightingStepSpec form).
 */
const name = z.string().min(1).max(200);
const vars = z.array(name).min(1);
const cells = z.array(z.object({ values: z.array(z.string()), N: z.number().nonnegative() })).min(1);

export const schemeStepSchema = z.union([
  z.object({ step: z.literal('poststratify'), targetSet: name, vars, partial: z.boolean().optional() }).strict(),
  z.object({ step: z.literal('poststratify'), vars, cells, partial: z.boolean().optional() }).strict(),
  z
    .object({
      step: z.literal('rake'),
      targetSet: name,
      margins: z.array(vars).min(1),
      maxit: z.number().int().min(1).max(1000).optional(),
      epsilon: z.number().positive().optional(),
    })
    .strict(),
  z
    .object({
      step: z.literal('rake'),
      margins: z.array(z.object({ vars, cells }).strict()).min(1),
      maxit: z.number().int().min(1).max(1000).optional(),
      epsilon: z.number().positive().optional(),
    })
    .strict(),
  z.object({ step: z.literal('calibrate'), targetSet: name, factors: z.array(name).min(1) }).strict(),
  z.object({ step: z.literal('nonresponse'), classes: vars, responded: name }).strict(),
  z
    .object({
      step: z.literal('trim'),
      lower: z.number().min(0),
      upper: z.number().positive(),
      strict: z.boolean().optional(),
    })
    .strict(),
]);

export const weightingSchemeSchema = z
  .object({
    /** Final interviews of this form; every form's when absent. */
    formId: name.optional(),
    /** An answer field holding each interview's design weight (or its selection probability); 1 when absent. */
    base: z.object({ field: name, kind: z.enum(['weight', 'probability']).default('weight') }).optional(),
    /**
     * Design variables for the estimates made with these weights (interview columns or answer fields): strata, the
     * first-stage PSU and its fpc (a population count of PSUs in the stratum, or a sampling fraction), and later
     * stages of a multistage design, each a unit and its fpc (R's svydesign(id = ~psu + ssu, fpc = ~fpc1 + fpc2)).
     */
    design: z
      .object({
        strata: name.optional(),
        psu: name.optional(),
        nest: z.boolean().optional(),
        fpc: name.optional(),
        stages: z
          .array(z.object({ unit: name, fpc: name.optional() }).strict())
          .max(5)
          .optional(),
      })
      .strict()
      .optional(),
    steps: z.array(schemeStepSchema),
  })
  .strict();

export type SchemeStep = z.infer<typeof schemeStepSchema>;
export type WeightingScheme = z.infer<typeof weightingSchemeSchema>;

/** Validates a scheme document, with the path of the first problem in the message. */
export function parseWeightingScheme(value: unknown, where = 'weighting scheme'): WeightingScheme {
  const r = weightingSchemeSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new WeightingError('invalid_targets', `${where}${path}: ${issue.message}`);
  }
  return r.data;
}

/** A stored target row as the recipe needs it (see src/store/targets.ts). */
export interface TargetRow {
  variables: readonly string[];
  categories: readonly string[];
  population: number;
}

/** The cells of the table over `vars` (in any order in the set), with values in the order of `vars`. */
export function tableCells(rows: readonly TargetRow[], vars: readonly string[], setName: string): TargetCell[] {
  const wanted = [...vars].sort().join('\u0000');
  const out: TargetCell[] = [];
  for (const r of rows) {
    if ([...r.variables].sort().join('\u0000') !== wanted) continue;
    out.push({ values: vars.map((v) => r.categories[r.variables.indexOf(v)] as string), N: r.population });
  }
  if (out.length === 0) {
    const have = [...new Set(rows.map((r) => r.variables.join(' × ')))].join('; ') || 'nothing';
    throw new WeightingError(
      'invalid_targets',
      `target set "${setName}" has no targets for ${vars.join(' × ')} (it holds: ${have}).`,
    );
  }
  return out;
}

/** Turns a scheme's steps into the recipe, reading target sets through `targets(name)`. */
export function resolveSchemeSteps(
  scheme: WeightingScheme,
  targets: (setName: string) => readonly TargetRow[],
): WeightingStepSpec[] {
  return scheme.steps.map((s): WeightingStepSpec => {
    if (s.step === 'poststratify' && 'targetSet' in s) {
      return {
        step: 'poststratify',
        vars: s.vars,
        cells: tableCells(targets(s.targetSet), s.vars, s.targetSet),
        ...(s.partial ? { partial: true } : {}),
      };
    }
    if (s.step === 'rake' && 'targetSet' in s) {
      const rows = targets(s.targetSet);
      return {
        step: 'rake',
        margins: s.margins.map((m) => ({ vars: m, cells: tableCells(rows, m, s.targetSet) })),
        ...(s.maxit === undefined ? {} : { maxit: s.maxit }),
        ...(s.epsilon === undefined ? {} : { epsilon: s.epsilon }),
      };
    }
    if (s.step === 'calibrate') {
      const rows = targets(s.targetSet);
      const factors = s.factors.map((v) => ({
        var: v,
        targets: Object.fromEntries(tableCells(rows, [v], s.targetSet).map((c) => [c.values[0] as string, c.N])),
      }));
      const population = Object.values(factors[0]!.targets).reduce((a, b) => a + b, 0);
      return { step: 'calibrate', population, factors };
    }
    return s as WeightingStepSpec;
  });
}

/** Every data column a recipe reads. */
export function recipeVariables(steps: readonly WeightingStepSpec[]): string[] {
  const out = new Set<string>();
  for (const s of steps) {
    if (s.step === 'poststratify') for (const v of s.vars) out.add(v);
    else if (s.step === 'rake') for (const m of s.margins) for (const v of m.vars) out.add(v);
    else if (s.step === 'calibrate') {
      for (const f of s.factors ?? []) out.add(f.var);
      for (const v of s.numeric ?? []) out.add(v.var);
    } else if (s.step === 'nonresponse') {
      for (const v of s.classes) out.add(v);
      out.add(s.responded);
    }
  }
  return [...out];
}
