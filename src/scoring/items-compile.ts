/**
 * A form's scored items, compiled once per (form, scheme): keys into Sets, numbers parsed, veto answers gathered,
 * so that scoring 100,000 respondents does no per-respondent parsing of the form.
 */
import { allFields, type Field, type Form } from '../form/model.ts';
import type { ScoringScheme } from './scheme.ts';
import { schemeError } from './scheme.ts';

/** What became of one item for one respondent. `dont_know` and `unanswered` score 0 and are not missing data. */
export type ItemOutcome = 'correct' | 'wrong' | 'dont_know' | 'unanswered';

export interface CompiledItem {
  field: string;
  dimension: string;
  points: number;
  kind: 'choice' | 'multiple' | 'numeric' | 'text';
  /** choice / multiple / text: the keyed answers. */
  key: ReadonlySet<string>;
  /** numeric: the keyed value and the tolerance either side. */
  keyNumber: number;
  tolerance: number;
}

export interface CompiledVeto {
  field: string;
  multiple: boolean;
  answers: ReadonlySet<string>;
}

export interface CompiledForm {
  items: CompiledItem[];
  vetoes: CompiledVeto[];
  dontKnow: ReadonlySet<string>;
  /** Dimension codes in form order, and their maximum points. */
  dimensions: string[];
  dimensionMax: Record<string, number>;
  max: number;
  /** Every field whose answer the score depends on (items and veto fields), sorted. */
  inputFields: string[];
}

function kindOf(f: Field): CompiledItem['kind'] {
  switch (f.type) {
    case 'select_one':
      return 'choice';
    case 'select_multiple':
      return 'multiple';
    case 'integer':
    case 'decimal':
      return 'numeric';
    default:
      return 'text';
  }
}

export function compileForm(form: Form, scheme: ScoringScheme): CompiledForm {
  const fields = allFields(form);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const items: CompiledItem[] = [];
  const vetoes: CompiledVeto[] = [];
  const dimensionMax: Record<string, number> = {};
  const dimensions: string[] = [];
  for (const f of fields) {
    const s = f.scoring;
    if (!s) continue;
    const where = f.source ? ` (sheet ${f.source.sheet}, row ${f.source.row})` : '';
    if (!(s.points >= 0) || !Number.isFinite(s.points)) {
      throw schemeError(`item ${f.name}${where}: scoring::points must be a number ≥ 0, found ${s.points}.`);
    }
    const kind = kindOf(f);
    const keyNumber = kind === 'numeric' ? Number(s.key[0]) : Number.NaN;
    if (kind === 'numeric' && (s.key.length !== 1 || !Number.isFinite(keyNumber))) {
      throw schemeError(
        `item ${f.name}${where}: a numeric item needs one numeric scoring::key, found "${s.key.join(' ')}".`,
      );
    }
    if (s.key.length === 0 && s.points > 0) {
      throw schemeError(`item ${f.name}${where}: scoring::key is empty.`);
    }
    items.push({
      field: f.name,
      dimension: s.dimension,
      points: s.points,
      kind,
      key: new Set(kind === 'text' ? s.key.map(normText) : s.key),
      keyNumber,
      tolerance: s.tolerance ?? 0,
    });
    if (!(s.dimension in dimensionMax)) {
      dimensionMax[s.dimension] = 0;
      dimensions.push(s.dimension);
    }
    dimensionMax[s.dimension]! += s.points;
    if (scheme.formVetoes && s.veto?.length) {
      vetoes.push({ field: f.name, multiple: kind === 'multiple', answers: new Set(s.veto) });
    }
  }
  for (const v of scheme.vetoes) {
    const f = byName.get(v.field);
    if (!f) throw schemeError(`scheme ${scheme.id}: veto field "${v.field}" is not in form ${form.formId}.`);
    vetoes.push({ field: v.field, multiple: f.type === 'select_multiple', answers: new Set(v.answers) });
  }
  if (scheme.rule === 'all_dimensions') {
    for (const d of Object.keys(scheme.dimensions)) {
      if (!(d in dimensionMax)) {
        throw schemeError(
          `scheme ${scheme.id} needs dimension "${d}", which no item of form ${form.formId} has (scoring::dimension).`,
        );
      }
    }
  }
  const max = items.reduce((a, i) => a + i.points, 0);
  const inputFields = [...new Set([...items.map((i) => i.field), ...vetoes.map((v) => v.field)])].sort();
  return { items, vetoes, dontKnow: new Set(scheme.dontKnow), dimensions, dimensionMax, max, inputFields };
}

function normText(s: string): string {
  return s.trim().toLowerCase();
}

/** Scores one item from its stored answer text (select_multiple space-separated). */
export function itemOutcome(
  item: CompiledItem,
  dontKnow: ReadonlySet<string>,
  raw: string | null | undefined,
): ItemOutcome {
  if (raw == null) return 'unanswered';
  const value = raw.trim();
  if (value === '') return 'unanswered';
  switch (item.kind) {
    case 'choice':
      if (item.key.has(value)) return 'correct';
      return dontKnow.has(value) ? 'dont_know' : 'wrong';
    case 'multiple': {
      const chosen = value.split(/\s+/);
      let hits = 0;
      let dk = false;
      let other = false;
      for (const c of chosen) {
        if (item.key.has(c)) hits++;
        else if (dontKnow.has(c)) dk = true;
        else other = true;
      }
      // "All and only the keyed choices"; a duplicate token is not a second choice.
      if (!dk && !other && hits === item.key.size && new Set(chosen).size === chosen.length) return 'correct';
      return dk && hits === 0 && !other ? 'dont_know' : 'wrong';
    }
    case 'numeric': {
      if (dontKnow.has(value)) return 'dont_know';
      const n = Number(value);
      if (!Number.isFinite(n)) return 'wrong';
      // A small epsilon so that a tolerance of 0.1 accepts 3.1 against 3.0 despite binary fractions.
      return Math.abs(n - item.keyNumber) <= item.tolerance + 1e-9 * Math.max(1, Math.abs(item.keyNumber))
        ? 'correct'
        : 'wrong';
    }
    case 'text': {
      if (dontKnow.has(value)) return 'dont_know';
      return item.key.has(normText(value)) ? 'correct' : 'wrong';
    }
  }
}

/** Whether an answer is a veto answer. */
export function isVeto(v: CompiledVeto, raw: string | null | undefined): boolean {
  if (raw == null) return false;
  const value = raw.trim();
  if (!v.multiple) return v.answers.has(value);
  for (const c of value.split(/\s+/)) if (v.answers.has(c)) return true;
  return false;
}
