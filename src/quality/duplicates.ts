import { getOrAdd } from '../util/maps.ts';
import type { QcSettings } from './settings.ts';
import type { QcFlag, QcInterview } from './types.ts';

export interface DuplicatePair {
  a: number;
  b: number;
  differences: number;
}

/**
 * Pairs of interviews whose answers differ in at most `maxDifferences` fields, without comparing every pair: the
 * fields are dealt into maxDifferences + 1 bands (field k to band k mod (d + 1)); two vectors within d differences
 * agree exactly on at least one band (pigeonhole), so only interviews sharing a band's exact content are compared.
 * Each pair is reported once, with its count of differing fields.
 */
export function nearDuplicatePairs(
  vectors: readonly (readonly string[])[],
  maxDifferences: number,
  eligible: (i: number) => boolean = () => true,
): DuplicatePair[] {
  const bands = maxDifferences + 1;
  const seen = new Set<string>();
  const out: DuplicatePair[] = [];
  for (let band = 0; band < bands; band++) {
    const buckets = new Map<string, number[]>();
    vectors.forEach((v, i) => {
      if (!eligible(i)) return;
      let key = '';
      for (let k = band; k < v.length; k += bands) key += `${v[k]}\u0001`;
      getOrAdd(buckets, key, () => []).push(i);
    });
    for (const list of buckets.values()) {
      for (let x = 0; x < list.length; x++) {
        for (let y = x + 1; y < list.length; y++) {
          const a = list[x]!;
          const b = list[y]!;
          const id = `${a},${b}`;
          if (seen.has(id)) continue;
          const differences = hamming(vectors[a]!, vectors[b]!, maxDifferences);
          if (differences <= maxDifferences) {
            seen.add(id);
            out.push({ a, b, differences });
          }
        }
      }
    }
  }
  return out.sort((p, q) => p.a - q.a || p.b - q.b);
}

/** Fields in which two vectors differ, counting no further than limit + 1. */
function hamming(a: readonly string[], b: readonly string[], limit: number): number {
  let d = 0;
  for (let k = 0; k < a.length && d <= limit; k++) if (a[k] !== b[k]) d++;
  return d;
}

export function duplicateFlags(interviews: readonly QcInterview[], s: QcSettings['duplicates']): QcFlag[] {
  const answered = interviews.map((iv) => iv.answers.reduce((n, a) => n + (a === '' ? 0 : 1), 0));
  const pairs = nearDuplicatePairs(
    interviews.map((iv) => iv.answers),
    s.maxDifferences,
    (i) => answered[i]! >= s.minAnswers,
  );
  const flags: QcFlag[] = [];
  for (const { a, b, differences } of pairs) {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const iv = interviews[x]!;
      const other = interviews[y]!;
      const who = other.surveyor ? `（调查员 ${other.surveyor}）` : '';
      flags.push({
        interviewId: iv.id,
        surveyor: iv.surveyor,
        check: differences === 0 ? 'duplicate' : 'near_duplicate',
        value: differences,
        threshold: s.maxDifferences,
        other: other.id,
        reason:
          differences === 0
            ? { zh: `所有答案与问卷 ${other.id}${who} 完全相同`, en: `every answer equals interview ${other.id}'s` }
            : {
                zh: `答案与问卷 ${other.id}${who} 只有 ${differences} 题不同`,
                en: `answers differ from interview ${other.id}'s in only ${differences} question(s)`,
              },
      });
    }
  }
  return flags;
}
