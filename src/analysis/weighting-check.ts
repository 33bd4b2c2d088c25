/**
 * Did the weights meet the targets, and were they the right targets? After a weighting scheme has run:
 *
 *   checkWeighting(db, schemeIdOrName, { tolerance? }): WeightingCheck
 *
 * - For every margin (raking), cell table (post-stratification) and factor (calibration) of the scheme: each
 *   category's population target beside the weighted count the final weights achieve, and the sample count.
 * - Warnings: a margin whose achieved total differs from its target total by more than the tolerance (default 1 %;
 *   non-convergence, trimming after calibration, partial post-strata); targets that look like another population
 *   by orders of magnitude: their total against the design weights' total (when design weights were recorded),
 *   and against what the interviews' regions can hold (a national total for interviews of one city).
 */
import { allFields, labelOf } from '../form/model.ts';
import type { SqlDriver } from '../store/driver.ts';
import { StoreError } from '../store/errors.ts';
import { getForm } from '../store/forms.ts';
import { finalInterviewRecords, findWeightingScheme, storedWeights } from '../store/weighting.ts';
import { cellKey, interactFactors } from '../survey/weighting/index.ts';
import { prepareWeightingScheme } from './weighting-run.ts';

export interface TargetCheckRow {
  categories: string[];
  /** The categories as people read them: choice labels in Chinese and English (the category itself otherwise). */
  labels: { zh: string[]; en: string[] };
  target: number;
  achieved: number;
  /** Interviews in the category. */
  respondents: number;
}

export interface MarginCheck {
  step: number;
  kind: 'rake' | 'poststratify' | 'calibrate';
  variables: string[];
  rows: TargetCheckRow[];
  targetTotal: number;
  achievedTotal: number;
}

export interface CheckWarning {
  code: 'total_mismatch' | 'other_population' | 'too_large_for_area';
  values: Record<string, string | number>;
  message: { zh: string; en: string };
}

export interface WeightingCheck {
  schemeId: string;
  name: string;
  respondents: number;
  weightTotal: number;
  /** Σ of the weights the steps started from (design weights, or 1 each). */
  baseTotal: number;
  designWeights: boolean;
  margins: MarginCheck[];
  warnings: CheckWarning[];
  tolerance: number;
}

/** Largest populations an area of a region-code prefix can hold (adults, generously): a city, a province. */
const CITY_MAX = 40_000_000;
const PROVINCE_MAX = 140_000_000;

const fmt = (x: number) => Math.round(x).toLocaleString('en');

export function checkWeighting(db: SqlDriver, scheme: string, opts: { tolerance?: number } = {}): WeightingCheck {
  const tolerance = opts.tolerance ?? 0.01;
  const row = findWeightingScheme(db, scheme);
  if (!row) throw new StoreError('not_found', `no weighting scheme "${scheme}" in this database.`);
  if (!row.runAt) throw new StoreError('invalid_state', `weighting scheme "${row.name}" has not been run yet.`);
  const prepared = prepareWeightingScheme(db, row.definition);
  const stored = storedWeights(db, row.schemeId);
  const w = Float64Array.from(prepared.interviewIds, (id, j) => stored.get(id) ?? prepared.run.weights[j]!);
  const n = w.length;
  let weightTotal = 0;
  let baseTotal = 0;
  let designWeights = false;
  for (let i = 0; i < n; i++) {
    weightTotal += w[i]!;
    baseTotal += prepared.base[i]!;
    if (prepared.base[i] !== 1) designWeights = true;
  }

  // Choice labels of the form the interviews answered (its newest version).
  const records = finalInterviewRecords(db, prepared.scheme.formId);
  const form = records[0] ? getForm(db, records[0].form_id) : undefined;
  const fields = new Map(form ? allFields(form).map((f) => [f.name, f]) : []);
  const label = (variable: string, category: string, lang: 'zh' | 'en') => {
    const list = fields.get(variable)?.listName;
    const choice = list ? form?.choices[list]?.find((c) => c.name === category) : undefined;
    return choice ? labelOf(choice.label, lang, category) : category;
  };
  const margins: MarginCheck[] = [];
  const table = (step: number, kind: MarginCheck['kind'], vars: string[], cells: { values: string[]; N: number }[]) => {
    const f = interactFactors(vars.map((v) => prepared.data.factor(v)));
    const sumW = new Float64Array(f.labels.length);
    const count = new Int32Array(f.labels.length);
    for (let i = 0; i < n; i++) {
      sumW[f.codes[i]!]! += w[i]!;
      count[f.codes[i]!]! += 1;
    }
    const at = new Map(f.labels.map((l, c) => [l, c]));
    const rows = cells.map((c) => {
      const k = at.get(cellKey(c.values));
      return {
        categories: c.values,
        labels: {
          zh: c.values.map((v, j) => label(vars[j]!, v, 'zh')),
          en: c.values.map((v, j) => label(vars[j]!, v, 'en')),
        },
        target: c.N,
        achieved: k === undefined ? 0 : sumW[k]!,
        respondents: k === undefined ? 0 : count[k]!,
      };
    });
    margins.push({
      step,
      kind,
      variables: vars,
      rows,
      targetTotal: rows.reduce((s, r) => s + r.target, 0),
      achievedTotal: rows.reduce((s, r) => s + r.achieved, 0),
    });
  };
  prepared.steps.forEach((s, k) => {
    if (s.step === 'rake') for (const m of s.margins) table(k + 1, 'rake', m.vars, m.cells);
    else if (s.step === 'poststratify') table(k + 1, 'poststratify', s.vars, s.cells);
    else if (s.step === 'calibrate') {
      for (const f of s.factors ?? []) {
        table(
          k + 1,
          'calibrate',
          [f.var],
          Object.entries(f.targets).map(([value, N]) => ({ values: [value], N })),
        );
      }
    }
  });

  const warnings: CheckWarning[] = [];
  for (const m of margins) {
    const diff = Math.abs(m.achievedTotal - m.targetTotal) / Math.max(1, m.targetTotal);
    if (diff > tolerance) {
      const values = {
        variables: m.variables.join(' × '),
        target: fmt(m.targetTotal),
        achieved: fmt(m.achievedTotal),
        tolerance: tolerance * 100,
      };
      warnings.push({
        code: 'total_mismatch',
        values,
        message: {
          zh: `${values.variables} 的目标总数为 ${values.target}，加权后为 ${values.achieved}，相差超过 ${values.tolerance}%。`,
          en: `${values.variables}: targets add up to ${values.target}, the weights to ${values.achieved}, more than ${values.tolerance} % apart.`,
        },
      });
    }
  }
  const targetTotal = Math.max(0, ...margins.map((m) => m.targetTotal));
  if (designWeights && targetTotal > 0) {
    const ratio = targetTotal / baseTotal;
    if (ratio > 3 || ratio < 1 / 3) {
      const times = (x: number) => (x >= 10 ? Math.round(x).toLocaleString('en') : x.toPrecision(3));
      const values = {
        targets: fmt(targetTotal),
        design: fmt(baseTotal),
        ratio: ratio >= 1 ? `${times(ratio)}×` : `1/${times(1 / ratio)}`,
      };
      warnings.push({
        code: 'other_population',
        values,
        message: {
          zh: `目标总人口 ${values.targets} 与设计权重之和 ${values.design}（抽样时推算的总体规模）相差 ${values.ratio}：这些目标可能属于另一个总体（例如全国而非本市）。`,
          en: `The targets' total ${values.targets} is ${values.ratio} the design weights' total ${values.design} (the population the sample was drawn from): these targets may describe another population (the country rather than the city?).`,
        },
      });
    }
  }
  const codes = [
    ...new Set(records.map((r) => r.region_code).filter((c): c is string => Boolean(c && /^\d{6}$/.test(c)))),
  ];
  if (codes.length > 0 && targetTotal > 0) {
    const city = new Set(codes.map((c) => c.slice(0, 4))).size === 1;
    const province = new Set(codes.map((c) => c.slice(0, 2))).size === 1;
    const limit = city ? CITY_MAX : province ? PROVINCE_MAX : Number.POSITIVE_INFINITY;
    if (targetTotal > limit) {
      const area = city ? `${codes[0]!.slice(0, 4)}00` : `${codes[0]!.slice(0, 2)}0000`;
      const values = { targets: fmt(targetTotal), area, limit: fmt(limit) };
      warnings.push({
        code: 'too_large_for_area',
        values,
        message: {
          zh: `所有问卷都来自同一${city ? '城市' : '省份'}（${area}），但目标总人口为 ${values.targets}，超过一个${city ? '城市' : '省份'}可能的规模（${values.limit}）：请确认导入的是本地的总体目标。`,
          en: `Every interview comes from one ${city ? 'city' : 'province'} (${area}), but the targets add up to ${values.targets}, more than a ${city ? 'city' : 'province'} can hold (${values.limit}): check that these are your area's targets.`,
        },
      });
    }
  }
  return {
    schemeId: row.schemeId,
    name: row.name,
    respondents: n,
    weightTotal,
    baseTotal,
    designWeights,
    margins,
    warnings,
    tolerance,
  };
}
