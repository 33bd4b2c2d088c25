/**
 * The item-response model: each scored item of the questionnaire gets a difficulty b and a discrimination a
 * (fixed from the item's name, so the same form always gives the same items); a person with latent literacy θ
 * answers correctly with probability logistic(a (θ − b − shift)) (2PL); otherwise says "don't know" more often
 * the harder the item is for them, else picks a wrong answer. Draws are counter-based (random.ts: person, item),
 * so a person's answers are the same whether the whole city is scored or only the sample is interviewed.
 */
import { allFields, type Form } from '../form/model.ts';
import { type CompiledForm, compileForm } from '../scoring/items-compile.ts';
import type { ScoringScheme } from '../scoring/scheme.ts';
import { logistic, uniformAt, uniformFromKey, uniformKey } from './random.ts';

export interface SimItem {
  field: string;
  kind: 'choice' | 'multiple' | 'numeric' | 'text';
  points: number;
  /** The answer text of a correct response. */
  correctAnswer: string;
  /** Possible wrong answers (may include veto answers: a person who errs can err that way). */
  wrongAnswers: string[];
  /** Which of wrongAnswers are veto answers. */
  vetoWrong: boolean[];
  /** The "don't know" answer, or null when the item has none (the person then leaves it unanswered). */
  dontKnow: string | null;
  difficulty: number;
  discrimination: number;
}

export interface ItemBank {
  items: SimItem[];
  /** The form's maximum points (the scale of `percent`). */
  max: number;
  /** The literate cut-off on the 0–100 scale and its comparison, from the scheme. */
  literateMin: number;
  literateComparison: '>=' | '>';
  /** Added to every difficulty: set by calibrateDifficulty so that the city's literate share is plausible. */
  shift: number;
}

/** A stable pseudo-random number in [0, 1) from a field name. */
function nameUniform(name: string, salt: number): number {
  let h = 0x811c9dc5 ^ salt;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return uniformAt(h, salt, 7);
}

/** Builds the item bank of a form under a points scheme (the literate cut-off is the scheme's). */
export function itemBank(form: Form, scheme: ScoringScheme): ItemBank {
  const compiled: CompiledForm = compileForm(form, scheme);
  const fields = new Map(allFields(form).map((f) => [f.name, f]));
  const dontKnow = [...compiled.dontKnow][0] ?? null;
  const vetoOf = new Map<string, Set<string>>();
  for (const v of compiled.vetoes) vetoOf.set(v.field, new Set([...(vetoOf.get(v.field) ?? []), ...v.answers]));
  const n = compiled.items.length;
  // Difficulties spread evenly over [-1.6, 2.2] in an order fixed by the item names.
  const order = compiled.items
    .map((it, k) => [nameUniform(it.field, 1), k] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, k]) => k);
  const rank = new Array<number>(n);
  order.forEach((k, r) => {
    rank[k] = r;
  });
  const items = compiled.items.map((it, k): SimItem => {
    const f = fields.get(it.field)!;
    const choices = (f.listName ? (form.choices[f.listName] ?? []) : []).map((c) => c.name);
    const key = [...it.key];
    const dk = choices.includes(dontKnow ?? '\u0000') ? dontKnow : null;
    let correctAnswer = key[0] ?? '';
    let wrongAnswers: string[];
    switch (it.kind) {
      case 'choice':
        wrongAnswers = choices.filter((c) => !it.key.has(c) && c !== dk);
        break;
      case 'multiple': {
        correctAnswer = key.join(' ');
        const others = choices.filter((c) => !it.key.has(c) && c !== dk);
        // Typical mistakes: one keyed choice missed, or one wrong choice added.
        wrongAnswers = [
          ...(key.length > 1 ? key.map((_, j) => key.filter((__, m) => m !== j).join(' ')) : []),
          ...others.map((o) => [...key, o].join(' ')),
        ];
        break;
      }
      case 'numeric': {
        correctAnswer = String(it.keyNumber);
        const step = Math.max(1, it.tolerance * 2 + 1, Math.abs(it.keyNumber) * 0.5);
        wrongAnswers = [String(it.keyNumber + step), String(it.keyNumber - step), String(it.keyNumber * 2 + step)];
        break;
      }
      default:
        wrongAnswers = ['?'];
    }
    if (wrongAnswers.length === 0) wrongAnswers = [it.kind === 'choice' ? (choices[0] ?? '?') : '?'];
    const vetoes = vetoOf.get(it.field);
    return {
      field: it.field,
      kind: it.kind,
      points: it.points,
      correctAnswer,
      wrongAnswers,
      vetoWrong: wrongAnswers.map((w) => (vetoes ? w.split(' ').some((t) => vetoes.has(t)) : false)),
      dontKnow: it.kind === 'numeric' ? null : dk,
      difficulty: n > 1 ? -1.6 + (3.8 * rank[k]!) / (n - 1) : 0,
      discrimination: 0.8 + 1.0 * nameUniform(it.field, 2),
    };
  });
  const cuts = scheme.rule === 'points' ? scheme.levels.filter((l) => scheme.literateLevels.includes(l.level)) : [];
  const lowest = cuts.sort((a, b) => a.min - b.min)[0];
  if (!lowest) throw new Error(`the simulation needs a points scheme with a literate level; ${scheme.id} has none`);
  return {
    items,
    max: compiled.max,
    literateMin:
      scheme.rule === 'points' && scheme.scale === 'percent' ? lowest.min : (lowest.min * 100) / compiled.max,
    literateComparison: lowest.comparison,
    shift: 0,
  };
}

const CORRECT = -1;
const DONT_KNOW = -2;

/** The response of person `person` (latent θ) to item k: CORRECT, DONT_KNOW or an index into wrongAnswers. */
function respond(bank: ItemBank, k: number, seed: number, person: number, theta: number): number {
  const it = bank.items[k]!;
  const hardness = theta - (it.difficulty + bank.shift);
  if (uniformAt(seed, person, 3 * k) < logistic(it.discrimination * hardness)) return CORRECT;
  if (it.dontKnow !== null && uniformAt(seed, person, 3 * k + 1) < logistic(-0.9 * hardness - 0.4)) return DONT_KNOW;
  return Math.floor(uniformAt(seed, person, 3 * k + 2) * it.wrongAnswers.length);
}

/** The person's answers to every scored item, as stored answer text (null: left unanswered). */
export function simulateAnswers(
  bank: ItemBank,
  seed: number,
  person: number,
  theta: number,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  bank.items.forEach((it, k) => {
    const r = respond(bank, k, seed, person, theta);
    out[it.field] = r === CORRECT ? it.correctAnswer : r === DONT_KNOW ? it.dontKnow : it.wrongAnswers[r]!;
  });
  return out;
}

/** Flat arrays of the bank for the hot loop that scores the whole city. */
interface FastBank {
  a: Float64Array;
  b: Float64Array;
  points: Float64Array;
  /** Item has a veto answer among its wrong answers: only then are the wrong-answer draws needed. */
  veto: Uint8Array;
  dk: Uint8Array;
  /** Points needed to pass the literate cut-off. */
  needed: number;
  strict: boolean;
  total: number;
  anyVeto: boolean;
}

const fastCache = new WeakMap<ItemBank, { shift: number; fast: FastBank }>();

function fastBank(bank: ItemBank): FastBank {
  const hit = fastCache.get(bank);
  if (hit && hit.shift === bank.shift) return hit.fast;
  const n = bank.items.length;
  const fast: FastBank = {
    a: Float64Array.from(bank.items, (it) => it.discrimination),
    b: Float64Array.from(bank.items, (it) => it.difficulty + bank.shift),
    points: Float64Array.from(bank.items, (it) => it.points),
    veto: Uint8Array.from(bank.items, (it) => (it.vetoWrong.some(Boolean) ? 1 : 0)),
    dk: Uint8Array.from(bank.items, (it) => (it.dontKnow !== null ? 1 : 0)),
    needed: (bank.literateMin * bank.max) / 100,
    strict: bank.literateComparison === '>',
    total: bank.items.reduce((s, it) => s + it.points, 0),
    anyVeto: bank.items.some((it) => it.vetoWrong.some(Boolean)),
  };
  if (n === 0) fast.needed = Number.POSITIVE_INFINITY;
  fastCache.set(bank, { shift: bank.shift, fast });
  return fast;
}

/**
 * Whether the person is literate under the bank's cut-off: the same draws as simulateAnswers, scored without
 * building strings, stopping as soon as the outcome is settled (the whole city is scored this way; tests check
 * it against src/scoring's scorer on the generated answers).
 */
export function simulateLiterate(bank: ItemBank, seed: number, person: number, theta: number): boolean {
  const f = fastBank(bank);
  const eps = 1e-9 * Math.max(1, f.needed);
  let points = 0;
  let remaining = f.total;
  const key = uniformKey(seed, person);
  for (let k = 0; k < f.a.length; k++) {
    const hardness = theta - f.b[k]!;
    const pk = f.points[k]!;
    remaining -= pk;
    if (uniformFromKey(key, 3 * k) < 1 / (1 + Math.exp(-f.a[k]! * hardness))) {
      points += pk;
    } else if (f.veto[k]) {
      const it = bank.items[k]!;
      const dk = it.dontKnow !== null && uniformFromKey(key, 3 * k + 1) < logistic(-0.9 * hardness - 0.4);
      if (!dk && it.vetoWrong[Math.floor(uniformFromKey(key, 3 * k + 2) * it.wrongAnswers.length)]) return false;
    }
    const best = points + remaining;
    if (f.strict ? best <= f.needed + eps : best < f.needed - eps) return false;
    if (!f.anyVeto && (f.strict ? points > f.needed + eps : points >= f.needed - eps)) return true;
  }
  return f.strict ? points > f.needed + eps : points >= f.needed - eps;
}

/**
 * Sets bank.shift so that the share literate among `thetas` (a subsample of the city) is near `target`:
 * it places the questionnaire's difficulty on the city's latent scale. Bisection, deterministic.
 */
export function calibrateDifficulty(
  bank: ItemBank,
  seed: number,
  persons: Int32Array,
  thetas: Float32Array,
  target: number,
): void {
  let lo = -4;
  let hi = 4;
  for (let iter = 0; iter < 18; iter++) {
    bank.shift = (lo + hi) / 2;
    let literate = 0;
    for (let j = 0; j < persons.length; j++) if (simulateLiterate(bank, seed, persons[j]!, thetas[j]!)) literate++;
    if (literate / persons.length > target) lo = bank.shift;
    else hi = bank.shift;
  }
  bank.shift = (lo + hi) / 2;
}
