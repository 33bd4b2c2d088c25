/**
 * What the Excel report shows, gathered from the database before any cell is written: the literacy estimates
 * (overall, by key population, by region) exactly as estimateLiteracy returns them, the item and dimension
 * analysis, the weighting scheme with its diagnostics, the scoring scheme and the form.
 */
import { estimateLiteracy, type LiteracyEstimates } from '../../analysis/estimate-literacy.ts';
import type { Form } from '../../form/model.ts';
import { analyseStoredItems, rescoreInterviews } from '../../scoring/index.ts';
import type { ItemAnalysis } from '../../scoring/items.ts';
import { loadScheme } from '../../scoring/rescore.ts';
import type { ScoringScheme } from '../../scoring/scheme.ts';
import { parseStoredForm } from '../../scoring/stored-form.ts';
import type { SqlDriver } from '../../store/driver.ts';
import { getFormRow, listForms } from '../../store/forms.ts';
import { listWeightingSchemes, type WeightingSchemeRow } from '../../store/weighting.ts';
import type { LonelyPsu } from '../../survey/types.ts';

export interface ReportOptions {
  formId?: string;
  /** A weighting scheme's id or name; without one, the most recently run scheme with weights, else weight 1. */
  weightingScheme?: string;
  /** The plan target to compare with (default 0.15, the national 2025 goal). */
  target?: number;
  /** Treatment of a stratum with one PSU (default `fail`: the user chooses, as in scilit estimate). */
  lonelyPsu?: LonelyPsu;
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
}

export const DEFAULT_TARGET = 0.15;

function reportError(code: string, message: string): Error {
  return Object.assign(new Error(message), { userFacing: true, code });
}

function chooseScheme(db: SqlDriver, wanted: string | undefined): WeightingSchemeRow | null {
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
  };
  const groups = estimateLiteracy(db, { ...request, by: 'group' });
  const regions = estimateLiteracy(db, { ...request, by: ['region_code'] });
  const items = analyseStoredItems(db, {
    formId,
    formVersion: newest.formVersion,
    weightingSchemeId: weighting?.schemeId,
  });
  return {
    form,
    createdAt: groups.createdAt,
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
