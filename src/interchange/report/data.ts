/**
 * What the Excel report shows, gathered from the database before any cell is written: the literacy estimates
 * (overall, by key population, by region) exactly as estimateLiteracy returns them, the item and dimension
 * analysis, the weighting scheme with its diagnostics, the scoring scheme and the form.
 */
import { approvedOnly } from '../../analysis/analysis-scope.ts';
import { estimateLiteracy, type LiteracyEstimates } from '../../analysis/estimate-literacy.ts';
import { type WeightDistribution, weightDistribution } from '../../analysis/weight-distribution.ts';
import { checkWeighting, type WeightingCheck } from '../../analysis/weighting-check.ts';
import type { Form } from '../../form/model.ts';
import { analyseStoredItems, rescoreInterviews } from '../../scoring/index.ts';
import type { ItemAnalysis } from '../../scoring/items.ts';
import { loadScheme } from '../../scoring/rescore.ts';
import type { ScoringScheme } from '../../scoring/scheme.ts';
import { parseStoredForm } from '../../scoring/stored-form.ts';
import type { SqlDriver } from '../../store/driver.ts';
import { getFormRow, listForms } from '../../store/forms.ts';
import { listWeightingSchemes, type WeightingSchemeRow } from '../../store/weighting.ts';
import type { IntervalMethod, LonelyPsu } from '../../survey/types.ts';
import { regionNames } from '../regions/index.ts';

export interface ReportOptions {
  formId?: string;
  /** A weighting scheme's id or name; without one, the most recently run scheme with weights, else weight 1. */
  weightingScheme?: string;
  /** The plan target to compare with (default 0.15, the national 2025 goal). */
  target?: number;
  /** Treatment of a stratum with one PSU (default `fail`: the user chooses, as in scilit estimate). */
  lonelyPsu?: LonelyPsu;
  /** Interval method (default logit), as the Results screen's. */
  ci?: IntervalMethod;
}

export interface ReportData {
  form: Form;
  createdAt: string;
  target: number;
  scoringScheme: ScoringScheme | null;
  scoringSchemeId: string;
  weighting: WeightingSchemeRow | null;
  otherSchemes: WeightingSchemeRow[];
  groups: LiteracyEstimates;
  regions: LiteracyEstimates;
  items: ItemAnalysis;
  /** Targets against weighted counts of the scheme (null without one, or when it cannot be re-run). */
  check: WeightingCheck | null;
  distribution: WeightDistribution | null;
  /** Region code → name (shipped and imported lists), in each language. */
  regionNames: { zh: Record<string, string>; en: Record<string, string> };
  /** Whether the analysis uses approved interviews only (质量控制 setting; src/analysis/analysis-scope.ts). */
  approvedOnly: boolean;
}

export const DEFAULT_TARGET = 0.15;

function reportError(code: string, message: string): Error {
  return Object.assign(new Error(message), { userFacing: true, code });
}

function chooseScheme(db: SqlDriver, wanted: string | undefined): WeightingSchemeRow | null {
  if (wanted === 'none') return null;
  const schemes = listWeightingSchemes(db);
  if (wanted) {
    const s = schemes.find((x) => x.schemeId === wanted || x.name === wanted);
    if (!s) {
      const names = schemes.map((x) => x.name).join(', ') || 'none';
      throw reportError('not_found', `weighting scheme "${wanted}" is not in this database (schemes: ${names}).`);
    }
    if (s.weights === 0) {
      throw reportError('not_run', `weighting scheme "${s.name}" has not been run yet: run it first (weighting/run).`);
    }
    return s;
  }
  const run = schemes.filter((s) => s.weights > 0 && s.runAt !== null);
  run.sort((a, b) => (b.runAt ?? '').localeCompare(a.runAt ?? ''));
  return run[0] ?? null;
}

/** A part of the report that may fail (a scheme whose targets were since deleted): left out, not fatal. */
function safely<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

export function gatherReport(db: SqlDriver, opts: ReportOptions = {}): ReportData {
  const forms = listForms(db);
  const formId = opts.formId ?? forms.find((f) => f.form_id === 'civic_science_literacy')?.form_id ?? forms[0]?.form_id;
  if (!formId) throw reportError('not_found', 'this database has no form yet, so there is nothing to report.');
  // Scores must be current: an unchanged re-run reads no answers, so this is cheap when nothing changed.
  const scored = rescoreInterviews(db, { formId });
  if (scored.scored === 0) {
    throw reportError('no_interviews', `form ${formId} has no final interviews yet, so there is nothing to report.`);
  }
  const newest = scored.forms[scored.forms.length - 1]!;
  const row = getFormRow(db, formId, newest.formVersion);
  if (!row) throw reportError('not_found', `form ${formId} version ${newest.formVersion} is not in this database.`);
  const form = parseStoredForm(row.definition, formId, newest.formVersion);
  const scoringSchemeId = newest.schemeId;
  let scoringScheme: ScoringScheme | null = null;
  try {
    scoringScheme = loadScheme(db, scoringSchemeId);
  } catch {
    scoringScheme = null;
  }
  const weighting = chooseScheme(db, opts.weightingScheme);
  const target = opts.target ?? DEFAULT_TARGET;
  const request = {
    formId,
    scoringSchemeId,
    weightingSchemeId: weighting?.schemeId,
    target,
    lonelyPsu: opts.lonelyPsu,
    ci: opts.ci,
  };
  const groups = estimateLiteracy(db, { ...request, by: 'group' });
  const regions = estimateLiteracy(db, { ...request, by: ['region_code'] });
  const items = analyseStoredItems(db, {
    formId,
    formVersion: newest.formVersion,
    weightingSchemeId: weighting?.schemeId,
  });
  const names = (lang: 'zh' | 'en') => {
    const lookup = regionNames(db, lang);
    const out: Record<string, string> = {};
    for (const e of regions.estimates) {
      const code = e.domain.region_code;
      const name = code ? lookup(code) : undefined;
      if (code && name) out[code] = name;
    }
    return out;
  };
  return {
    form,
    createdAt: groups.createdAt,
    check: weighting ? safely(() => checkWeighting(db, weighting.schemeId)) : null,
    distribution: weighting ? safely(() => weightDistribution(db, weighting.schemeId)) : null,
    regionNames: { zh: names('zh'), en: names('en') },
    approvedOnly: approvedOnly(db),
    target,
    scoringScheme,
    scoringSchemeId,
    weighting,
    otherSchemes: listWeightingSchemes(db).filter((s) => s.schemeId !== weighting?.schemeId),
    groups,
    regions,
    items,
  };
}
