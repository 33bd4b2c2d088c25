/**
 * Comparison of the literacy share between two domains of one survey, or between two waves (methodology.md §2.8):
 *
 *   compareLiteracy(db, { compare: 'domains', first, second, weightingSchemeId?, ... }): LiteracyComparison
 *   compareLiteracy(db, { compare: 'waves', first, second, ... }): LiteracyComparison
 *
 * - Domains (`{ group }` a key population, `{ field, value }` a category of a breakdown) are domains of one design:
 *   the difference is linearized on the full design (compareDomains, as R svycontrast over svyratio), so two
 *   overlapping groups (youth and female) are compared correctly.
 * - Waves are independent samples. The data model has no wave column: a survey round is fielded with its own
 *   questionnaire version (2025.1, 2026.1, ...), so a wave is the final interviews of one form version, each with
 *   its own design (strata, PSUs) and, optionally, its own weighting scheme; V = V₁ + V₂ on min(df₁, df₂)
 *   (compareWaves).
 * - p-value: two-sided Wald t test of a zero difference on the comparison's df.
 * - Every comparison is saved in `estimate_runs` like an estimate.
 */
/// <reference path="../survey/jstat.d.ts" />
import jstatModule from 'jstat';
import type { SqlDriver } from '../store/driver.ts';
import { recordEstimateRun } from '../store/estimate-runs.ts';
import { compareDomains, compareWaves, type Difference } from '../survey/compare.ts';
import { degreesOfFreedom } from '../survey/design.ts';
import { type DomainSpec, estimateDomains } from '../survey/domains.ts';
import { SurveyError } from '../survey/errors.ts';
import { type EstimateRow, estimateRow } from '../survey/output.ts';
import type { IntervalMethod, LonelyPsu } from '../survey/types.ts';
import { domainsOf, type LiteracySample, literacySample, SOFTWARE } from './estimate-literacy.ts';

/** A key population or one category of a breakdown field. */
export type DomainSide = { group: string } | { field: string; value: string };
/** One wave: the final interviews of a questionnaire version, weighted by its own scheme when given. */
export interface WaveSide {
  formVersion: string;
  weightingSchemeId?: string;
}

interface Common {
  formId?: string;
  weightingSchemeId?: string;
  scoringSchemeId?: string;
  ci?: IntervalMethod;
  level?: number;
  lonelyPsu?: LonelyPsu;
}
export type ComparisonRequest =
  | (Common & { compare: 'domains'; first: DomainSide; second: DomainSide })
  | (Common & { compare: 'waves'; first: WaveSide; second: WaveSide });

export interface LiteracyComparison {
  runId: string;
  createdAt: string;
  request: ComparisonRequest;
  compare: 'domains' | 'waves';
  /** Each side's own estimate (with its interval and publishing flags). */
  first: EstimateRow;
  second: EstimateRow;
  /** first − second. */
  difference: Difference & { pValue: number; level: number };
  weighted: boolean;
  notes: string[];
  software: string;
}

const jStat = (jstatModule as unknown as { jStat?: unknown }).jStat ?? jstatModule;
const studentt = (jStat as unknown as { studentt: { cdf(x: number, df: number): number } }).studentt;

/** Two-sided p-value of t on df degrees of freedom (NaN when the SE is 0 or missing). */
export function twoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t) || !(df > 0)) return Number.NaN;
  return Math.min(1, 2 * studentt.cdf(-Math.abs(t), df));
}

function fail(message: string): never {
  throw new SurveyError('estimate_input', message);
}

function domainName(side: DomainSide): string {
  return 'group' in side ? `key population ${side.group}` : `${side.field} = ${side.value}`;
}

function maskOf(db: SqlDriver, sample: LiteracySample, side: DomainSide): DomainSpec {
  const all = domainsOf(db, sample.scores, 'group' in side ? 'group' : [side.field]);
  const found = all.find((d) =>
    'group' in side ? d.domain.group === side.group : d.domain[side.field] === side.value,
  );
  if (!found) fail(`${domainName(side)} has no scored respondents: choose another group or category.`);
  return found;
}

export function compareLiteracy(db: SqlDriver, request: ComparisonRequest): LiteracyComparison {
  const level = request.level ?? 0.95;
  const opts = { ci: request.ci, level };
  let first: EstimateRow;
  let second: EstimateRow;
  let difference: Difference;
  const notes: string[] = [];
  let weighted: boolean;
  let scoringSchemeId = request.scoringSchemeId ?? null;
  if (request.compare === 'domains') {
    const sample = literacySample(db, request);
    scoringSchemeId = sample.schemeId;
    notes.push(...sample.notes);
    const a = maskOf(db, sample, request.first);
    const b = maskOf(db, sample, request.second);
    const [, ea, eb] = estimateDomains(sample.design, sample.y, [a, b], opts);
    if (!ea || !eb) fail('one of the two domains has no respondents with a non-zero weight.');
    first = estimateRow(ea);
    second = estimateRow(eb);
    difference = compareDomains(sample.design, sample.y, a.mask, b.mask, level);
    weighted = Boolean(request.weightingSchemeId);
    if (a.mask.some((v, i) => v === 1 && b.mask[i] === 1)) {
      notes.push('the two domains overlap: the shared respondents are in both, the variance accounts for it');
    }
  } else {
    if (request.first.formVersion === request.second.formVersion) {
      fail('choose two different questionnaire versions (waves) to compare.');
    }
    const wave = (side: WaveSide) => {
      const sample = literacySample(db, {
        ...request,
        formVersion: side.formVersion,
        weightingSchemeId: side.weightingSchemeId ?? request.weightingSchemeId,
      });
      scoringSchemeId = sample.schemeId;
      notes.push(...sample.notes.map((n) => `wave ${side.formVersion}: ${n}`));
      const [overall] = estimateDomains(sample.design, sample.y, [], opts);
      return { row: estimateRow(overall as NonNullable<typeof overall>), df: degreesOfFreedom(sample.design) };
    };
    const a = wave(request.first);
    const b = wave(request.second);
    first = a.row;
    second = b.row;
    difference = compareWaves(
      { estimate: first.estimate, variance: first.variance, df: a.df },
      { estimate: second.estimate, variance: second.variance, df: b.df },
      level,
    );
    weighted = Boolean(
      (request.first.weightingSchemeId ?? request.weightingSchemeId) &&
        (request.second.weightingSchemeId ?? request.weightingSchemeId),
    );
  }
  const pValue = twoSidedP(difference.difference / difference.se, difference.df);
  const result: Omit<LiteracyComparison, 'runId' | 'createdAt'> = {
    request,
    compare: request.compare,
    first,
    second,
    difference: { ...difference, pValue, level },
    weighted,
    notes,
    software: SOFTWARE,
  };
  const run = recordEstimateRun(db, {
    weightingSchemeId: request.weightingSchemeId ?? null,
    scoringSchemeId,
    request: { ...request, variable: 'literate', statistic: 'difference', level },
    result,
    software: SOFTWARE,
  });
  return { ...run, ...result };
}
