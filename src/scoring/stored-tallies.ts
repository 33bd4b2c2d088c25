/**
 * Stored tallies: what a respondent's answers come to before a scheme's rule classifies them (see Tally), kept as
 * each stored score's result key, so that a change of cut-offs, levels or rule — or another scheme's first use —
 * classifies them again instead of reading 100,000 interviews' answers. A tally is reused only under the same
 * tally hash (form, don't-know answers, vetoes) and the interview's current stamp (see rescore.ts).
 */
import type { LevelsByTally } from '../store/scores.ts';
import { fastHash } from '../util/hash.ts';
import type { Classification, RespondentScore, Tally } from './respondent.ts';
import { canonicalJson, type ScoringScheme } from './scheme.ts';

/**
 * A respondent's tally in one short string, stored as the score's result key: total, max, veto, then points and
 * items correct per dimension, whose names and order are in `dimSig` (a hash of them). Percent follows from total
 * and max. With the level and literate flag, it is everything a stored score says: equal keys and outcomes, equal
 * stored rows.
 */
export function tallyKey(s: RespondentScore, dimNames: readonly string[], dimSig: string): string {
  let key = `${s.total}|${s.max}|${s.vetoed ? 1 : 0}|${dimSig}|`;
  for (let i = 0; i < dimNames.length; i++) {
    const d = s.dimensions[dimNames[i]!]!;
    key += `${i > 0 ? ',' : ''}${d.points}:${d.correct}`;
  }
  return key;
}

/** A tallyKey string back as a Tally; undefined when it was not made with these dimensions (then: read answers). */
export function parseTallyKey(key: string, dimSig: string, dimensions: number): Tally | undefined {
  const parts = key.split('|');
  if (parts.length !== 5 || parts[3] !== dimSig) return undefined;
  const dims = parts[4] === '' ? [] : parts[4]!.split(',');
  if (dims.length !== dimensions) return undefined;
  const points: number[] = [];
  const correct: number[] = [];
  for (const d of dims) {
    const [p, c] = d.split(':');
    points.push(Number(p));
    correct.push(Number(c));
  }
  const total = Number(parts[0]);
  if (!Number.isFinite(total) || points.some((n) => !Number.isFinite(n)) || correct.some((n) => !Number.isInteger(n)))
    return undefined;
  return { total, vetoed: parts[2] === '1', points, correct };
}

/**
 * What a tally's scores depend on besides the answers: the form, and the scheme's don't-know answers and vetoes
 * (not its rule, levels or cut-offs). Stored tallies made under the same hash can be classified again.
 */
export function tallyHashOf(definitionChecksum: string, scheme: ScoringScheme): string {
  const inputs = { dontKnow: scheme.dontKnow, vetoes: scheme.vetoes, formVetoes: scheme.formVetoes };
  return fastHash(`tally-1\n${definitionChecksum}\n${canonicalJson(inputs)}`);
}

/** A stored tally classified under the scheme being applied. */
export type Classified = Classification & Tally & { key: string; outcome: string; dimensions: string };

/** Interviews whose stored tally is classified again, grouped by their stored entry after the stamp. */
export class Groups {
  readonly rows: number[] = [];
  readonly groups = new Map<string, { n: number; outcome: string; c: Classified | null }>();
  constructor(private readonly classify: (tally: string) => Classified | null) {}

  /** Adds interview `k` by `rest` (tally, unit separator, outcome); false when its tally cannot be read. */
  add(k: number, rest: string): boolean {
    let g = this.groups.get(rest);
    if (g === undefined) {
      const cut = rest.indexOf('\u001f');
      g = { n: 0, outcome: rest.slice(cut + 1), c: this.classify(rest.slice(0, cut)) };
      this.groups.set(rest, g);
    }
    if (g.c === null) return false;
    g.n++;
    this.rows.push(k);
    return true;
  }
}

/** Lists a classified tally of `n` scores under its new level (and as literate when it is). */
export function addTally(by: LevelsByTally, c: Classified, n: number): void {
  const list = by.levels.get(c.level);
  if (list) list.push(c.key);
  else by.levels.set(c.level, [c.key]);
  by.scores.set(c.level, (by.scores.get(c.level) ?? 0) + n);
  if (c.literate) by.literate.push(c.key);
}
