/**
 * Runs a stored weighting scheme on the database's final interviews (methodology.md §2.5):
 *
 *   runWeightingScheme(db, schemeIdOrName | { name, definition }): WeightingSchemeRun
 *
 * - The scheme's steps name target sets (src/store/targets.ts) and the variables of their tables; they are
 *   resolved into the recipe of src/survey/weighting with the stored population counts.
 * - Each variable is an answer field (a calculated field the interview did not store, e.g. `age_group` from
 *   `age`, is computed by the form's own calculation) or, for `stratum`, `psu`, `region_code`, `household`,
 *   `surveyor`, the interview's column. An interview without a value is an error that names it.
 * - The weighting starts from the scheme's `base` field when it names one, else from each interview's design_weight
 *   (recorded at interview start; 1 when none was).
 * - Weights (one per final interview) and the run's diagnostics are stored in one transaction.
 *
 * `prepareWeightingScheme` does everything but the storing, for callers that need the variance adjustments the
 * steps leave (Taylor SEs of raked or calibrated estimates) aligned with the interviews.
 */

import { allFields, type Form } from '../form/model.ts';
import { FormRuntime } from '../form/runtime.ts';
import { parseStoredForm } from '../scoring/stored-form.ts';
import { readAnswerPacks } from '../store/answer-packs.ts';
import type { SqlDriver } from '../store/driver.ts';
import { StoreError } from '../store/errors.ts';
import { type Answers, finalAnswersOfVersion } from '../store/final-answers.ts';
import { getFormRow } from '../store/forms.ts';
import { getAnswers } from '../store/interviews.ts';
import { getTargets } from '../store/targets.ts';
import {
  type FinalInterviewRecord,
  finalInterviewRecords,
  findWeightingScheme,
  INTERVIEW_COLUMNS,
  type InterviewColumn,
  putWeightingScheme,
  storeWeights,
} from '../store/weighting.ts';
import type { WeightDiagnostics, WeightingWarning } from '../survey/types.ts';
import {
  parseWeightingScheme,
  recipeVariables,
  resolveSchemeSteps,
  runWeighting,
  type TargetRow,
  type WeightingData,
  WeightingError,
  type WeightingRun,
  type WeightingScheme,
  type WeightingStepSpec,
  weightingData,
} from '../survey/weighting/index.ts';
import { analysisScope } from './analysis-scope.ts';

export interface PreparedWeighting {
  scheme: WeightingScheme;
  /** The recipe as run, with the population counts read from the target sets. */
  steps: WeightingStepSpec[];
  targetSets: { name: string; targetSetId: string }[];
  /** Final interviews in id order; weights[i] belongs to interviewIds[i]. */
  interviewIds: string[];
  /** The weights the steps start from, and the columns they read (to re-apply the steps to replicates). */
  base: Float64Array;
  data: WeightingData;
  run: WeightingRun;
  /** The scheme's design variables, read for every interview (aligned with interviewIds). */
  design: {
    strata?: string[];
    psu?: string[];
    fpc?: Float64Array;
    stages: { unit: string[]; fpc?: Float64Array }[];
  };
}

export interface WeightingSchemeRun {
  schemeId: string;
  name: string;
  runAt: string;
  interviews: number;
  diagnostics: WeightDiagnostics[];
  /** Every step's warnings (non-convergence, ignored empty cells, trimmed weights). */
  warnings: WeightingWarning[];
  converged: boolean;
}

function fail(message: string): never {
  throw new WeightingError('invalid_targets', message);
}

/** Per form version: the form, and a runtime when some needed variable is a calculated field. */
function formsOf(db: SqlDriver, interviews: readonly FinalInterviewRecord[], variables: readonly string[]) {
  const out = new Map<string, { form: Form; calculated: Set<string>; runtime?: FormRuntime }>();
  for (const iv of interviews) {
    const key = `${iv.form_id}\u0000${iv.form_version}`;
    if (out.has(key)) continue;
    const row = getFormRow(db, iv.form_id, iv.form_version);
    if (!row) fail(`form ${iv.form_id} version ${iv.form_version} of interview ${iv.interview_id} is not stored.`);
    const form = parseStoredForm(row.definition, row.form_id, row.version);
    const calculated = new Set(
      allFields(form)
        .filter((f) => f.type === 'calculate' && variables.includes(f.name))
        .map((f) => f.name),
    );
    out.set(key, { form, calculated, runtime: calculated.size ? new FormRuntime(form) : undefined });
  }
  return out;
}

/** Reads the interviews and targets, and runs the recipe; stores nothing. */
export function prepareWeightingScheme(db: SqlDriver, definition: unknown): PreparedWeighting {
  const scheme = parseWeightingScheme(definition);
  const targetSets = new Map<string, { targetSetId: string; rows: TargetRow[] }>();
  const targetsOf = (setName: string) => {
    let t = targetSets.get(setName);
    if (!t) {
      const { set, targets } = getTargets(db, setName);
      t = { targetSetId: set.target_set_id, rows: targets };
      targetSets.set(setName, t);
    }
    return t.rows;
  };
  const steps = resolveSchemeSteps(scheme, targetsOf);
  const variables = recipeVariables(steps);
  const d = scheme.design;
  const designFields = [d?.strata, d?.psu, d?.fpc, ...(d?.stages ?? []).flatMap((s) => [s.unit, s.fpc])].filter(
    (f): f is string => Boolean(f),
  );
  const fields = [...new Set([...variables, ...(scheme.base ? [scheme.base.field] : []), ...designFields])];

  const scope = analysisScope(db);
  const interviews = finalInterviewRecords(db, scheme.formId).filter((iv) => !scope || scope.has(iv.interview_id));
  if (interviews.length === 0) {
    fail(
      `no final interviews${scheme.formId ? ` of form ${scheme.formId}` : ''}${scope ? ' approved in review (the setting "approved interviews only" is on)' : ''} to weight.`,
    );
  }
  const forms = formsOf(db, interviews, fields);
  const answers = new Map<string, Answers>();
  const packs = readAnswerPacks(db);
  for (const { form } of forms.values())
    for (const [id, a] of finalAnswersOfVersion(db, form, { wanted: fields, packs })) answers.set(id, a);
  const n = interviews.length;
  const columns: Record<string, string[]> = {};
  for (const f of fields) columns[f] = new Array<string>(n);
  const missing = new Map<string, string[]>();
  interviews.forEach((iv, i) => {
    const mine = answers.get(iv.interview_id);
    const form = forms.get(`${iv.form_id}\u0000${iv.form_version}`)!;
    let calculated: Record<string, string | null> | undefined;
    for (const f of fields) {
      let v: string | null | undefined = mine?.(f);
      if (v === undefined && form.calculated.has(f)) {
        calculated ??= form.runtime!.calculate(getAnswers(db, iv.interview_id));
        v = calculated[f];
      }
      if ((v === undefined || v === null) && (INTERVIEW_COLUMNS as readonly string[]).includes(f)) {
        v = iv[f as InterviewColumn];
      }
      if (v === undefined || v === null || v === '') {
        const list = missing.get(f) ?? [];
        list.push(iv.interview_id);
        missing.set(f, list);
        continue;
      }
      columns[f]![i] = v;
    }
  });
  if (missing.size > 0) {
    const parts = [...missing].map(
      ([f, ids]) => `"${f}" is missing in ${ids.length} final interview(s) (first: ${ids.slice(0, 3).join(', ')})`,
    );
    fail(`cannot weight: ${parts.join('; ')}. Complete or void these interviews, or drop the variable.`);
  }

  let base: Float64Array;
  if (scheme.base) {
    const values = columns[scheme.base.field]!;
    base = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = Number(values[i]);
      const ok = scheme.base.kind === 'probability' ? v > 0 && v <= 1 : v > 0 && Number.isFinite(v);
      if (!ok) {
        fail(
          `interview ${interviews[i]!.interview_id}: base ${scheme.base.kind} "${scheme.base.field}" is "${values[i]}".`,
        );
      }
      base[i] = scheme.base.kind === 'probability' ? 1 / v : v;
    }
  } else {
    // The design weight recorded at interview start; 1 where none was.
    base = new Float64Array(n);
    for (let i = 0; i < n; i++) base[i] = interviews[i]!.design_weight ?? 1;
  }

  const data = weightingData(n, columns);
  const run = runWeighting(base, steps, data);
  const numbers = (f: string) => {
    const values = columns[f]!;
    return Float64Array.from(values, (v, i) => {
      const x = Number(v);
      if (!(x > 0)) fail(`interview ${interviews[i]!.interview_id}: fpc "${f}" is "${v}", not a positive number.`);
      return x;
    });
  };
  return {
    scheme,
    steps,
    targetSets: [...targetSets].map(([name, t]) => ({ name, targetSetId: t.targetSetId })),
    interviewIds: interviews.map((iv) => iv.interview_id),
    base,
    data,
    run,
    design: {
      strata: d?.strata ? columns[d.strata] : undefined,
      psu: d?.psu ? columns[d.psu] : undefined,
      fpc: d?.fpc ? numbers(d.fpc) : undefined,
      stages: (d?.stages ?? []).map((s) => ({ unit: columns[s.unit]!, fpc: s.fpc ? numbers(s.fpc) : undefined })),
    },
  };
}

/**
 * Runs a weighting scheme — a stored one by id or name, or a new definition stored under its name — and stores
 * one weight per final interview and the diagnostics, in one transaction.
 */
export function runWeightingScheme(
  db: SqlDriver,
  scheme: string | { name: string; definition: unknown },
): WeightingSchemeRun {
  let name: string;
  let definition: unknown;
  if (typeof scheme === 'string') {
    const row = findWeightingScheme(db, scheme);
    if (!row) throw new StoreError('not_found', `no weighting scheme "${scheme}" in this database.`);
    name = row.name;
    definition = row.definition;
  } else {
    name = scheme.name;
    definition = parseWeightingScheme(scheme.definition, `weighting scheme "${scheme.name}"`);
  }
  const prepared = prepareWeightingScheme(db, definition);
  const { run } = prepared;
  const runAt = new Date().toISOString();
  const warnings = run.diagnostics.flatMap((d) => d.warnings);
  const converged = run.diagnostics.every((d) => d.converged !== false);
  const schemeId = db.transaction(() => {
    const id =
      typeof scheme === 'string'
        ? findWeightingScheme(db, name)!.schemeId
        : putWeightingScheme(db, name, definition).schemeId;
    storeWeights(
      db,
      id,
      prepared.interviewIds,
      run.weights,
      {
        runAt,
        interviews: prepared.interviewIds.length,
        targetSets: prepared.targetSets,
        steps: prepared.steps,
        diagnostics: run.diagnostics,
        converged,
        warnings,
      },
      runAt,
    );
    return id;
  });
  return {
    schemeId,
    name,
    runAt,
    interviews: prepared.interviewIds.length,
    diagnostics: run.diagnostics,
    warnings,
    converged,
  };
}
