/**
 * The respondent data set of a form, with its design, as the statistician takes it into SPSS, Stata or R:
 *
 *   gatherExport(db, { formId?, lang?, scoringSchemeId?, weightingScheme?, replicates? }): ExportBundle
 *
 * One row per final interview (id order): interview id, questionnaire version, region (code, name), stratum and
 * PSU (numbered, with their recorded ids as value labels), the answers (answers.ts), total and dimension scores,
 * level and the literate 0/1 of the scoring scheme `scilit estimate` uses, one 0/1 per key population, the design
 * weight, the weight after each weighting step, the final weight and, when asked, jackknife replicate weights
 * with the steps re-applied to each. `design` says which variables are which, for the syntax files.
 */
import { prepareWeightingScheme } from '../../analysis/weighting-run.ts';
import { allFields, type Form, labelOf } from '../../form/model.ts';
import { FormRuntime } from '../../form/runtime.ts';
import { groupMembership, groupsOf } from '../../scoring/groups.ts';
import { rescoreInterviews } from '../../scoring/index.ts';
import { loadScheme } from '../../scoring/rescore.ts';
import type { ScoringScheme } from '../../scoring/scheme.ts';
import { parseStoredForm } from '../../scoring/stored-form.ts';
import { readAnswerPacks } from '../../store/answer-packs.ts';
import type { SqlDriver } from '../../store/driver.ts';
import { scoredSchemes } from '../../store/estimate-runs.ts';
import { type Answers, finalAnswersOfVersion } from '../../store/final-answers.ts';
import { getFormRow, listForms } from '../../store/forms.ts';
import { listScores } from '../../store/scores.ts';
import {
  finalInterviewRecords,
  findWeightingScheme,
  listWeightingSchemes,
  storedWeights,
  type WeightingSchemeRow,
} from '../../store/weighting.ts';
import { factorOf } from '../../survey/factor.ts';
import { replicateWeighting } from '../../survey/replicate/index.ts';
import type { LonelyPsu } from '../../survey/types.ts';
import type { WeightingStepSpec } from '../../survey/weighting/index.ts';
import { regionNames } from '../regions/index.ts';
import { DIMENSION_LABELS } from '../report/text.ts';
import { type AnswerCell, exportFields, fieldBuilder, MISSING_WORDS, NO_ANSWER, NOT_APPLICABLE } from './answers.ts';
import type { Dataset, NumericVariable, StringVariable, ValueLabel, Variable } from './dataset.ts';
import { NameRegistry } from './names.ts';
import { type ExportLang, word } from './words.ts';

export interface ExportRequest {
  formId?: string;
  lang?: ExportLang;
  scoringSchemeId?: string;
  /** A weighting scheme's id or name; default: the most recently run; `none`: unweighted. */
  weightingScheme?: string;
  /** Jackknife replicate weights (methodology.md §2.6) with the weighting steps re-applied to each. */
  replicates?: 'jk1' | 'jkn';
  lonelyPsu?: LonelyPsu;
}

/** A weighting step as the syntax files re-run it, with variables and categories as exported. */
export interface ExportStep {
  step: WeightingStepSpec['step'];
  spec: WeightingStepSpec;
  /** Export variable of each recipe variable. */
  variables: Record<string, string>;
  /** Per recipe variable: the category as the recipe names it → the value in the exported data. */
  values: Record<string, Record<string, number | string>>;
}

export interface ExportDesign {
  strata?: string;
  psu?: string;
  nest: boolean;
  /** Weights the steps start from (the design weight); present when a scheme was run. */
  baseWeight?: string;
  /** The final weight; absent: every respondent has weight 1 (as scilit estimates without a scheme). */
  weight?: string;
  steps: ExportStep[];
  replicates?: { type: 'jk1' | 'jkn'; variables: string[]; scale: number; rscales: number[] };
  literate: string;
  groups: { name: string; label: string; variable: string }[];
  region?: { variable: string; codes: { code: string; value: number | string; name?: string }[] };
  lonelyPsu: LonelyPsu;
}

export interface ExportBundle {
  dataset: Dataset;
  design: ExportDesign;
  form: Form;
  scoringSchemeId: string;
  weighting: WeightingSchemeRow | null;
  /** Lines for the .sav document record and the syntax files' header. */
  notes: string[];
}

function exportError(code: string, message: string): Error {
  return Object.assign(new Error(message), { userFacing: true, code });
}

function chooseWeighting(db: SqlDriver, wanted: string | undefined): WeightingSchemeRow | null {
  if (wanted === 'none') return null;
  if (wanted) {
    const s = findWeightingScheme(db, wanted);
    if (!s) throw exportError('not_found', `weighting scheme "${wanted}" is not in this database.`);
    if (!s.runAt) throw exportError('not_run', `weighting scheme "${s.name}" has not been run yet: run it first.`);
    return s;
  }
  const run = listWeightingSchemes(db).filter((s) => s.weights > 0 && s.runAt !== null);
  run.sort((a, b) => (b.runAt ?? '').localeCompare(a.runAt ?? ''));
  return run[0] ?? null;
}

/** Levels of a scoring scheme in order from the highest, with labels. */
function levelsOf(scheme: ScoringScheme | null, lang: ExportLang): { level: string; label: string }[] {
  if (!scheme) return [];
  const l = (x: { level: string; label?: Record<string, string> }) => ({
    level: x.level,
    label: labelOf(x.label, lang, x.level),
  });
  if (scheme.rule === 'points') return [...scheme.levels.map(l), l(scheme.below)];
  return [l(scheme.literateLevel), l(scheme.otherLevel)];
}

const numeric = (
  name: string,
  label: string,
  role: Variable['role'],
  values: Float64Array,
  opts: Partial<NumericVariable> = {},
): NumericVariable => ({ kind: 'numeric', name, label, role, values, decimals: 0, measure: 'scale', ...opts });

/** Codes 1..k for the distinct values of a text column, in sorted order, with the texts as value labels. */
function coded(values: readonly (string | null)[]): {
  codes: Float64Array;
  labels: ValueLabel[];
  index: Map<string, number>;
} {
  const distinct = [...new Set(values.filter((v): v is string => v !== null && v !== ''))].sort((a, b) =>
    a.localeCompare(b, 'en', { numeric: true }),
  );
  const index = new Map(distinct.map((v, i) => [v, i + 1]));
  const codes = Float64Array.from(values, (v) => (v ? (index.get(v) ?? Number.NaN) : Number.NaN));
  return { codes, labels: distinct.map((v, i) => ({ value: i + 1, label: v })), index };
}

export function gatherExport(db: SqlDriver, req: ExportRequest = {}): ExportBundle {
  const lang = req.lang ?? 'zh';
  const forms = listForms(db);
  const formId = req.formId ?? forms.find((f) => f.form_id === 'civic_science_literacy')?.form_id ?? forms[0]?.form_id;
  if (!formId) throw exportError('not_found', 'this database has no form yet, so there is no data to export.');
  // Scores must be current (as the report); an unchanged re-run reads no answers.
  rescoreInterviews(db, { formId });
  const versions = forms.filter((f) => f.form_id === formId).reverse();
  if (versions.length === 0) throw exportError('not_found', `form ${formId} is not in this database.`);
  const formOf = new Map<string, Form>();
  for (const v of versions) {
    const row = getFormRow(db, formId, v.version)!;
    formOf.set(v.version, parseStoredForm(row.definition, formId, v.version));
  }
  const newest = formOf.get(versions[0]!.version)!;
  const interviews = finalInterviewRecords(db, formId);
  const n = interviews.length;
  if (n === 0)
    throw exportError('no_interviews', `form ${formId} has no final interviews yet, so there is nothing to export.`);

  const schemeId = req.scoringSchemeId ?? scoredSchemes(db)[0]?.scheme_id;
  let scheme: ScoringScheme | null = null;
  try {
    scheme = schemeId ? loadScheme(db, schemeId) : null;
  } catch {
    scheme = null;
  }
  const dontKnow = new Set(scheme?.dontKnow ?? ['dont_know']);
  const words = MISSING_WORDS[lang];

  // Answers of every version, as lookups.
  const packs = readAnswerPacks(db);
  const answersOf = new Map<string, Answers>();
  for (const form of formOf.values())
    for (const [id, a] of finalAnswersOfVersion(db, form, { packs })) answersOf.set(id, a);

  // Raw cells per field: the value, or why there is none (relevance from the interview's own version).
  const fields = exportFields([...formOf.values()]);
  const runtimes = new Map<string, FormRuntime>();
  const runtimeOf = (version: string) => {
    let r = runtimes.get(version);
    if (!r) {
      r = new FormRuntime(formOf.get(version)!);
      runtimes.set(version, r);
    }
    return r;
  };
  const cells: AnswerCell[][] = fields.map(() => new Array<AnswerCell>(n).fill(null));
  const groupRows: string[][] = [];
  interviews.forEach((iv, i) => {
    const lookup = answersOf.get(iv.interview_id) ?? (() => undefined);
    const form = formOf.get(iv.form_version)!;
    const names = fieldNamesOf(form);
    let record: Record<string, string | null> | undefined;
    fields.forEach(({ field }, k) => {
      const v = lookup(field.name);
      if (v !== undefined && v !== null && v !== '') {
        cells[k]![i] = v;
        return;
      }
      if (NOT_QUESTIONS.has(field.type)) return;
      // A question of another version of the questionnaire was not asked: not applicable.
      if (!names.has(field.name)) {
        cells[k]![i] = NOT_APPLICABLE;
        return;
      }
      record ??= recordOf(names, lookup);
      cells[k]![i] = runtimeOf(iv.form_version).isRelevant(field.name, record) ? NO_ANSWER : NOT_APPLICABLE;
    });
    groupRows.push(groupMembership(form, lookup));
  });

  // Names are made valid and unique as variables are added: what the design refers to is the final name.
  const registry = new NameRegistry();
  const vars: Variable[] = [];
  const add = (...vs: Variable[]) => {
    for (const v of vs) vars.push({ ...v, name: registry.take(v.name) });
    return vars[vars.length - 1]!.name;
  };
  add({
    kind: 'string',
    name: 'instanceID',
    label: word('instanceID', lang),
    role: 'id',
    values: interviews.map((iv) => iv.interview_id),
  });
  if (versions.length > 1) {
    add({
      kind: 'string',
      name: 'form_version',
      label: word('formVersion', lang),
      role: 'other',
      values: interviews.map((iv) => iv.form_version),
    });
  }

  // Region: the interview's code (a number with its name as value label when every code is digits), and the name.
  const nameOf = regionNames(db, lang);
  const regionCodes = interviews.map((iv) => iv.region_code);
  let region: ExportDesign['region'];
  if (regionCodes.some((c) => c)) {
    const distinct = [...new Set(regionCodes.filter((c): c is string => Boolean(c)))].sort();
    const digits = distinct.every((c) => /^\d{1,9}$/.test(c));
    let regionVar: string;
    if (digits) {
      regionVar = add(
        numeric(
          'region_code',
          word('region', lang),
          'region',
          Float64Array.from(regionCodes, (c) => (c ? Number(c) : Number.NaN)),
          {
            measure: 'nominal',
            valueLabels: distinct.map((c) => ({ value: Number(c), label: nameOf(c) ?? c })),
          },
        ),
      );
    } else {
      regionVar = add({
        kind: 'string',
        name: 'region_code',
        label: word('region', lang),
        role: 'region',
        values: regionCodes.map((c) => c ?? ''),
      });
    }
    if (distinct.some((c) => nameOf(c))) {
      add({
        kind: 'string',
        name: 'region_name',
        label: word('regionName', lang),
        role: 'other',
        values: regionCodes.map((c) => nameOf(c) ?? ''),
      });
    }
    region = {
      variable: regionVar,
      codes: distinct.map((c) => ({ code: c, value: digits ? Number(c) : c, name: nameOf(c) })),
    };
  }

  // Design: strata and PSUs numbered; PSU ids are taken within their stratum (scilit's nest = TRUE).
  const strata = interviews.map((iv) => iv.stratum);
  const psus = interviews.map((iv) => (iv.psu ? `${iv.stratum ?? ''}\u0000${iv.psu}` : null));
  const design: ExportDesign = {
    nest: true,
    steps: [],
    literate: 'literate',
    groups: [],
    region,
    lonelyPsu: req.lonelyPsu ?? 'fail',
  };
  if (strata.some((s) => s)) {
    const c = coded(strata);
    add(numeric('stratum', word('stratum', lang), 'stratum', c.codes, { measure: 'nominal', valueLabels: c.labels }));
    design.strata = 'stratum';
  }
  if (psus.some((p) => p)) {
    const c = coded(psus);
    const labels = c.labels.map((l) => ({
      value: l.value,
      label: l.label.replace('\u0000', design.strata ? ' / ' : ''),
    }));
    design.psu = add(numeric('psu', word('psu', lang), 'psu', c.codes, { measure: 'nominal', valueLabels: labels }));
  }

  // Answers.
  const choiceCodes = new Map<string, ReadonlyMap<string, number>>();
  /** Export name of each single-variable field and of the interview columns a weighting step may use. */
  const exportName = new Map<string, string>();
  if (region) exportName.set('region_code', region.variable);
  if (design.strata) exportName.set('stratum', design.strata);
  if (design.psu) exportName.set('psu', design.psu);
  for (const [k, { field, form }] of fields.entries()) {
    const texts = field.type === 'calculate' ? cells[k]!.map((c) => (typeof c === 'string' ? c : null)) : undefined;
    const b = fieldBuilder(field, form, n, lang, dontKnow, texts);
    cells[k]!.forEach((c, i) => {
      b.set(i, c);
    });
    if (b.codes) choiceCodes.set(field.name, b.codes);
    for (const v of b.variables) {
      const name = add(v);
      if (b.variables.length === 1) exportName.set(field.name, name);
    }
  }

  // Scores of the scheme scilit estimate uses.
  const scores = schemeId ? new Map(listScores(db, schemeId).map((s) => [s.interviewId, s])) : new Map();
  const scoreOf = interviews.map((iv) => scores.get(iv.interview_id));
  if (scores.size > 0) {
    add(
      numeric(
        'score_total',
        word('total', lang),
        'score',
        Float64Array.from(scoreOf, (s) => s?.total ?? Number.NaN),
        {
          decimals: 2,
        },
      ),
      numeric(
        'score_percent',
        word('percent', lang),
        'score',
        Float64Array.from(scoreOf, (s) => s?.percent ?? Number.NaN),
        {
          decimals: 2,
        },
      ),
    );
    const dims = [...new Set(scoreOf.flatMap((s) => (s ? Object.keys(s.dimensions) : [])))];
    for (const d of dims) {
      const label = DIMENSION_LABELS[d]?.[lang === 'en' ? 1 : 0] ?? d;
      add(
        numeric(
          `dim_${d}`,
          `${word('dimension', lang)}: ${label}`,
          'score',
          Float64Array.from(scoreOf, (s) => s?.dimensions[d] ?? Number.NaN),
          {
            decimals: 2,
          },
        ),
      );
    }
    const levels = levelsOf(scheme, lang);
    const levelCode = new Map(levels.map((l, i) => [l.level, levels.length - i]));
    for (const s of scoreOf) if (s && !levelCode.has(s.level)) levelCode.set(s.level, levelCode.size + 1);
    add(
      numeric(
        'level',
        word('level', lang),
        'score',
        Float64Array.from(scoreOf, (s) => (s ? levelCode.get(s.level)! : Number.NaN)),
        {
          measure: 'ordinal',
          valueLabels: [...levelCode].map(([level, value]) => ({
            value,
            label: levels.find((l) => l.level === level)?.label ?? level,
          })),
        },
      ),
    );
    const yesNo = [
      { value: 0, label: word('no', lang) },
      { value: 1, label: word('yes', lang) },
    ];
    add(
      numeric(
        'literate',
        word('literate', lang),
        'score',
        Float64Array.from(scoreOf, (s) => (s ? (s.literate ? 1 : 0) : Number.NaN)),
        {
          measure: 'nominal',
          valueLabels: yesNo,
        },
      ),
    );
  }

  // Key populations: 0/1 each.
  for (const g of groupsOf(newest)) {
    const label = labelOf(g.label, lang, g.name);
    const name = `group_${g.name}`;
    add(
      numeric(
        name,
        `${word('group', lang)}: ${label}`,
        'group',
        Float64Array.from(groupRows, (gs) => (gs.includes(g.name) ? 1 : 0)),
        {
          measure: 'nominal',
          valueLabels: [
            { value: 0, label: word('no', lang) },
            { value: 1, label: word('yes', lang) },
          ],
        },
      ),
    );
    design.groups.push({ name: g.name, label, variable: name });
  }

  // Weights.
  const weighting = chooseWeighting(db, req.weightingScheme);
  if (!weighting) {
    const w = Float64Array.from(interviews, (iv) => iv.design_weight ?? 1);
    add(numeric('w_design', word('designWeight', lang), 'weight', w, { decimals: 6 }));
  } else {
    const prepared = prepareWeightingScheme(db, weighting.definition);
    const rowOf = new Map(prepared.interviewIds.map((id, j) => [id, j]));
    const stored = storedWeights(db, weighting.schemeId);
    const at = interviews.map((iv) => rowOf.get(iv.interview_id));
    interviews.forEach((iv, i) => {
      const j = at[i];
      const w = stored.get(iv.interview_id);
      const again = j === undefined ? undefined : prepared.run.weights[j];
      if (w === undefined || again === undefined || Math.abs(w - again) > 1e-9 * Math.max(1, w)) {
        throw exportError(
          'stale_weights',
          `the stored weights of weighting scheme "${weighting.name}" no longer match its targets and interviews; run it again before exporting.`,
        );
      }
    });
    const pick = (src: Float64Array) => Float64Array.from(at, (j) => src[j!] as number);
    design.baseWeight = add(
      numeric('w_design', word('designWeight', lang), 'weight', pick(prepared.base), { decimals: 6 }),
    );
    prepared.run.stepWeights.slice(0, -1).forEach((w, s) => {
      const step = prepared.steps[s]!.step;
      add(
        numeric(
          `w_step${s + 1}_${step}`,
          word('stepWeight', lang, { n: s + 1, step: word(step, lang) }),
          'weight',
          pick(w),
          {
            decimals: 6,
          },
        ),
      );
    });
    design.weight = add(
      numeric('w_final', word('finalWeight', lang), 'weight', pick(prepared.run.weights), { decimals: 6 }),
    );
    design.steps = prepared.steps.map((spec) => exportStep(spec, vars, exportName, choiceCodes));

    if (req.replicates) {
      // Replicates are formed on the rows the scheme weights (they may include other forms' interviews).
      const records = new Map(
        finalInterviewRecords(db, prepared.scheme.formId).map((r) => [r.interview_id, r] as const),
      );
      const rowsOf = prepared.interviewIds.map((id) => records.get(id)!);
      const rep = replicateWeighting({
        base: prepared.base,
        psu: factorOf(
          rowsOf.map((r) => (r.psu ? `${r.stratum ?? ''}\u0000${r.psu}` : r.interview_id)),
          'psu',
        ),
        strata: design.strata
          ? factorOf(
              rowsOf.map((r) => r.stratum ?? ''),
              'stratum',
            )
          : undefined,
        type: req.replicates,
        lonelyPsu: req.lonelyPsu,
        steps: prepared.steps,
        data: prepared.data,
      });
      if (rep.design.count > 1000) {
        throw exportError(
          'too_many_replicates',
          `${rep.design.count} jackknife replicates (one per PSU) are too many to export; record PSUs or use Taylor linearization.`,
        );
      }
      const names: string[] = [];
      for (let r = 0; r < rep.design.count; r++) {
        const label = word('replicate', lang, { n: r + 1, type: req.replicates.toUpperCase() });
        names.push(add(numeric(`rw_${r + 1}`, label, 'replicate', pick(rep.replicateWeights(r)), { decimals: 6 })));
      }
      design.replicates = {
        type: req.replicates,
        variables: names,
        scale: rep.design.scale,
        rscales: [...rep.design.rscales],
      };
    }
  }

  const dataset: Dataset = {
    label: `${labelOf(newest.title, lang, formId)} (${formId})`,
    rows: n,
    variables: vars,
    createdAt: new Date(),
  };
  const notes = [
    `scilit ${lang === 'en' ? 'export' : '导出'}: ${formId} ${versions.map((v) => v.version).join(', ')}; ${n} ${lang === 'en' ? 'final interviews' : '份有效问卷'}.`,
    lang === 'en'
      ? `Missing data: ${words.noAnswer} = relevant question without an answer; ${words.notApplicable} = skipped by its relevance rule; ${words.dontKnow} = a real choice, declared user-missing (SPSS missing values; Stata .d). Stata: .a ${words.noAnswer}, .b ${words.notApplicable}.`
      : `缺失值说明：${words.noAnswer} = 应答但未作答的题目；${words.notApplicable} = 按跳转规则未问的题目；${words.dontKnow} = 真实选项，标记为用户缺失值（SPSS 缺失值；Stata .d）。Stata 中 .a 为${words.noAnswer}，.b 为${words.notApplicable}。`,
    weighting
      ? `${lang === 'en' ? 'Weighting scheme' : '加权方案'}: ${weighting.name} (${weighting.runAt})`
      : lang === 'en'
        ? 'No weighting scheme: scilit estimates give every respondent weight 1.'
        : '无加权方案：scilit 的估计中每份问卷权重均为 1。',
    `${lang === 'en' ? 'Scoring scheme' : '评分方案'}: ${scheme ? labelOf(scheme.label, lang, scheme.name) : (schemeId ?? '—')}`,
  ];
  return { dataset, design, form: newest, scoringSchemeId: schemeId ?? '', weighting, notes };
}

const fieldNames = new WeakMap<Form, Set<string>>();
function fieldNamesOf(form: Form): Set<string> {
  let names = fieldNames.get(form);
  if (!names) {
    names = new Set(allFields(form).map((f) => f.name));
    fieldNames.set(form, names);
  }
  return names;
}

/** Fields that are not questions: a missing value there is just missing (system missing, or '' for text). */
const NOT_QUESTIONS = new Set(['calculate', 'start', 'end', 'today', 'deviceid', 'username']);

function recordOf(names: Iterable<string>, lookup: Answers): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const name of names) {
    const v = lookup(name);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** A recipe step with its variables' export names and the exported value of each target category. */
function exportStep(
  spec: WeightingStepSpec,
  vars: readonly Variable[],
  exportName: ReadonlyMap<string, string>,
  choiceCodes: ReadonlyMap<string, ReadonlyMap<string, number>>,
): ExportStep {
  const names = new Set<string>();
  if (spec.step === 'poststratify') for (const v of spec.vars) names.add(v);
  if (spec.step === 'rake') for (const m of spec.margins) for (const v of m.vars) names.add(v);
  if (spec.step === 'calibrate') for (const f of spec.factors ?? []) names.add(f.var);
  const variables: Record<string, string> = {};
  const values: Record<string, Record<string, number | string>> = {};
  for (const name of names) {
    const exported = exportName.get(name) ?? name;
    const v = vars.find((x) => x.name === exported);
    variables[name] = exported;
    // Target categories name choices (a select_one exports their codes), region codes (exported as numbers) or
    // the text itself (a calculation such as age_group).
    const map: Record<string, number | string> = {};
    const codes = choiceCodes.get(name);
    if (codes) for (const [choice, code] of codes) map[choice] = code;
    else if (v?.kind === 'numeric' && v.valueLabels) for (const l of v.valueLabels) map[String(l.value)] = l.value;
    values[name] = map;
  }
  return { step: spec.step, spec, variables, values };
}

export type { StringVariable };
