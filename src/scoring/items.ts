/**
 * Item analysis: per item — share correct, share "don't know", share unanswered, choice distribution, item–rest
 * correlation within its dimension; per dimension — mean points and Cronbach's alpha,
 *   α = k/(k−1) · (1 − Σ var(item) / var(dimension total)).
 * Weighted when weights are given (weighted shares, weighted moments), and labelled as such.
 */
import { sampleCorrelation, sampleVariance } from 'simple-statistics';
import { allFields, type Form } from '../form/model.ts';
import { compileForm, itemOutcome } from './items-compile.ts';
import { nationalScheme, type ScoringScheme } from './scheme.ts';

export interface ChoiceShare {
  choice: string;
  /** Share of respondents who chose it (select_multiple: who selected it among others). */
  share: number;
}

export interface ItemStats {
  field: string;
  dimension: string;
  points: number;
  shareCorrect: number;
  shareWrong: number;
  shareDontKnow: number;
  shareUnanswered: number;
  choices: ChoiceShare[];
  /** Correlation of the item's points with the rest of its dimension; null when either does not vary. */
  itemRest: number | null;
}

export interface DimensionStats {
  dimension: string;
  items: number;
  maxPoints: number;
  meanPoints: number;
  /** Cronbach's alpha; null with fewer than 2 items or a total that does not vary. */
  alpha: number | null;
}

export interface ItemAnalysis {
  weighting: 'weighted' | 'unweighted';
  respondents: number;
  sumWeights: number;
  items: ItemStats[];
  dimensions: DimensionStats[];
  /** Alpha over all scored items. */
  alphaAll: number | null;
}

type Lookup = (field: string) => string | null | undefined;

/** Weighted (or, with w = 1, plain) moments; the variance divisor cancels in alpha and in correlations. */
function wMean(x: Float64Array, w: Float64Array | undefined, sw: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (w ? w[i]! : 1) * x[i]!;
  return s / sw;
}
function wCov(x: Float64Array, y: Float64Array, w: Float64Array | undefined, sw: number): number {
  const mx = wMean(x, w, sw);
  const my = wMean(y, w, sw);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (w ? w[i]! : 1) * (x[i]! - mx) * (y[i]! - my);
  return s / sw;
}

function variance(x: Float64Array, w: Float64Array | undefined, sw: number): number {
  if (!w) return x.length > 1 ? sampleVariance(Array.from(x)) : 0;
  return wCov(x, x, w, sw);
}

function correlation(x: Float64Array, y: Float64Array, w: Float64Array | undefined, sw: number): number | null {
  const vx = variance(x, w, sw);
  const vy = variance(y, w, sw);
  if (!(vx > 1e-12) || !(vy > 1e-12)) return null;
  if (!w) return sampleCorrelation(Array.from(x), Array.from(y));
  return wCov(x, y, w, sw) / Math.sqrt(vx * vy);
}

/** Cronbach's alpha of item columns. */
export function cronbachAlpha(columns: readonly Float64Array[], weights?: Float64Array): number | null {
  const k = columns.length;
  if (k < 2) return null;
  const n = columns[0]!.length;
  const sw = weights ? weights.reduce((a, b) => a + b, 0) : n;
  const total = new Float64Array(n);
  let sumItemVar = 0;
  for (const c of columns) {
    for (let i = 0; i < n; i++) total[i]! += c[i]!;
    sumItemVar += variance(c, weights, sw);
  }
  const vt = variance(total, weights, sw);
  if (!(vt > 1e-12)) return null;
  return (k / (k - 1)) * (1 - sumItemVar / vt);
}

/**
 * Analyses the scored items of a form over respondents' answers. `weights[i]` belongs to the i-th respondent.
 */
export function analyseItems(
  form: Form,
  respondents: readonly (Lookup | Readonly<Record<string, string | null | undefined>>)[],
  options: { weights?: Float64Array; scheme?: ScoringScheme } = {},
): ItemAnalysis {
  const scheme = options.scheme ?? nationalScheme();
  const compiled = compileForm(form, { ...scheme, vetoes: [], formVetoes: false } as ScoringScheme);
  const { items, dontKnow } = compiled;
  const n = respondents.length;
  const w = options.weights;
  if (w && w.length !== n) throw new Error(`analyseItems: ${w.length} weights for ${n} respondents`);
  const sw = w ? w.reduce((a, b) => a + b, 0) : n;
  const fields = new Map(allFields(form).map((f) => [f.name, f]));
  const cols = items.map(() => new Float64Array(n));
  const outcomes = items.map(() => ({ correct: 0, wrong: 0, dont_know: 0, unanswered: 0 }));
  const choiceCounts = items.map(() => new Map<string, number>());
  for (let r = 0; r < n; r++) {
    const a = respondents[r]!;
    const get: Lookup = typeof a === 'function' ? a : (f) => a[f];
    const wr = w ? w[r]! : 1;
    for (let j = 0; j < items.length; j++) {
      const item = items[j]!;
      const raw = get(item.field);
      const o = itemOutcome(item, dontKnow, raw);
      outcomes[j]![o] += wr;
      if (o === 'correct') cols[j]![r] = item.points;
      if (raw != null && raw.trim() !== '' && item.kind !== 'numeric') {
        const tokens = item.kind === 'multiple' ? new Set(raw.trim().split(/\s+/)) : [raw.trim()];
        const m = choiceCounts[j]!;
        for (const t of tokens) m.set(t, (m.get(t) ?? 0) + wr);
      }
    }
  }
  const share = (x: number) => (sw > 0 ? x / sw : 0);
  const dimensionTotals = new Map<string, Float64Array>();
  for (const d of compiled.dimensions) dimensionTotals.set(d, new Float64Array(n));
  items.forEach((item, j) => {
    const t = dimensionTotals.get(item.dimension)!;
    const c = cols[j]!;
    for (let r = 0; r < n; r++) t[r]! += c[r]!;
  });
  const itemStats: ItemStats[] = items.map((item, j) => {
    const t = dimensionTotals.get(item.dimension)!;
    const c = cols[j]!;
    const rest = new Float64Array(n);
    for (let r = 0; r < n; r++) rest[r] = t[r]! - c[r]!;
    const listed = fields.get(item.field)?.listName;
    const order = (listed ? form.choices[listed] : undefined)?.map((ch) => ch.name) ?? [];
    const counts = choiceCounts[j]!;
    const names = [...order, ...[...counts.keys()].filter((k) => !order.includes(k)).sort()];
    const o = outcomes[j]!;
    return {
      field: item.field,
      dimension: item.dimension,
      points: item.points,
      shareCorrect: share(o.correct),
      shareWrong: share(o.wrong),
      shareDontKnow: share(o.dont_know),
      shareUnanswered: share(o.unanswered),
      choices: item.kind === 'numeric' ? [] : names.map((ch) => ({ choice: ch, share: share(counts.get(ch) ?? 0) })),
      itemRest: n > 1 ? correlation(c, rest, w, sw) : null,
    };
  });
  const dimensions: DimensionStats[] = compiled.dimensions.map((d) => {
    const idx = items.map((it, j) => (it.dimension === d ? j : -1)).filter((j) => j >= 0);
    return {
      dimension: d,
      items: idx.length,
      maxPoints: compiled.dimensionMax[d]!,
      meanPoints: n > 0 ? wMean(dimensionTotals.get(d)!, w, sw) : 0,
      alpha:
        n > 1
          ? cronbachAlpha(
              idx.map((j) => cols[j]!),
              w,
            )
          : null,
    };
  });
  return {
    weighting: w ? 'weighted' : 'unweighted',
    respondents: n,
    sumWeights: sw,
    items: itemStats,
    dimensions,
    alphaAll: n > 1 ? cronbachAlpha(cols, w) : null,
  };
}
