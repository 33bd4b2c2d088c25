import { getOrAdd } from '../util/maps.ts';
import type { QcSettings } from './settings.ts';
import type { QcFlag, QcInterview } from './types.ts';

export interface DuplicateGroups {
  /** For each vector, a vector within the distance (the first found), or -1 when it has none. */
  partner: Int32Array;
  /** Differences to that partner. */
  differences: Int32Array;
  /** Group (connected through partners) of each vector that has a partner, else -1; groups numbered from 0. */
  group: Int32Array;
  groupSize: number[];
}

/**
 * Which vectors have another within `maxDifferences` differing fields, and the groups they form, without comparing
 * every pair. Identical vectors are merged first (one representative each). The fields are dealt into d + 1 bands
 * (field k to band k mod (d + 1)); two vectors within d differences agree exactly on at least one band (pigeonhole),
 * so a vector is compared only with those sharing a band's content, and a pair is skipped once both have a partner:
 * a fabricator's copies are linked in their first comparisons. Output is one partner per vector and union–find
 * groups, never the list of all pairs (k copies make k²/2 pairs).
 */
export function nearDuplicateGroups(
  vectors: readonly (readonly string[])[],
  maxDifferences: number,
  eligible: (i: number) => boolean = () => true,
): DuplicateGroups {
  const n = vectors.length;
  const partner = new Int32Array(n).fill(-1);
  const differences = new Int32Array(n).fill(-1);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const link = (i: number, j: number, d: number) => {
    if (partner[i] === -1) {
      partner[i] = j;
      differences[i] = d;
    }
    if (partner[j] === -1) {
      partner[j] = i;
      differences[j] = d;
    }
    union(i, j);
  };

  // Answers coded as small integers per field, once: comparing two interviews is then a loop over Int32Arrays.
  const width = vectors.reduce((w, v) => Math.max(w, v.length), 0);
  const codes = new Int32Array(n * width);
  const dictionaries = Array.from({ length: width }, () => new Map<string, number>());
  for (let i = 0; i < n; i++) {
    const v = vectors[i]!;
    for (let k = 0; k < width; k++) {
      const dict = dictionaries[k]!;
      const a = v[k] ?? '';
      let c = dict.get(a);
      if (c === undefined) {
        c = dict.size;
        dict.set(a, c);
      }
      codes[i * width + k] = c;
    }
  }
  const differ = (i: number, j: number): number => {
    let d = 0;
    for (let k = 0, a = i * width, b = j * width; k < width && d <= maxDifferences; k++) {
      if (codes[a + k] !== codes[b + k]) d++;
    }
    return d;
  };

  // A number per (vector, set of fields) for bucketing: equal contents give equal hashes, and a collision only adds
  // a candidate that the comparison then turns away (no key strings: 270,000 of them kept the collector busy).
  const hashOf = (i: number, from: number, step: number): number => {
    let h1 = 0x811c9dc5;
    let h2 = 0x9e3779b9;
    for (let k = from, a = i * width; k < width; k += step) {
      const c = codes[a + k]!;
      h1 = Math.imul(h1 ^ c, 16777619);
      h2 = Math.imul(h2 ^ (c + k), 2246822507);
    }
    return (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
  };

  // Identical vectors: one representative carries the search for all of them.
  const representatives: number[] = [];
  const byContent = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    if (!eligible(i)) continue;
    const same = byContent.get(hashOf(i, 0, 1));
    const first = same?.find((r) => differ(i, r) === 0);
    if (first !== undefined) link(i, first, 0);
    else {
      if (same) same.push(i);
      else byContent.set(hashOf(i, 0, 1), [i]);
      representatives.push(i);
    }
  }

  const bands = maxDifferences + 1;
  for (let band = 0; band < bands; band++) {
    const buckets = new Map<number, number[]>();
    for (const i of representatives) {
      const key = hashOf(i, band, bands);
      const list = buckets.get(key);
      if (list) list.push(i);
      else buckets.set(key, [i]);
    }
    // Each pair of a bucket once, unless both already have a partner.
    for (const list of buckets.values()) {
      for (let x = 0; x < list.length; x++) {
        const i = list[x]!;
        for (let y = x + 1; y < list.length; y++) {
          const j = list[y]!;
          if (partner[i] !== -1 && partner[j] !== -1) continue;
          const d = differ(i, j);
          if (d <= maxDifferences) link(i, j, d);
        }
      }
    }
  }

  const group = new Int32Array(n).fill(-1);
  const groupOfRoot = new Map<number, number>();
  const groupSize: number[] = [];
  for (let i = 0; i < n; i++) {
    if (partner[i] === -1) continue;
    const root = find(i);
    const g = getOrAdd(groupOfRoot, root, () => {
      groupSize.push(0);
      return groupSize.length - 1;
    });
    group[i] = g;
    groupSize[g]!++;
  }
  return { partner, differences, group, groupSize };
}

/** One flag per interview that has a (near-)copy: with one of its copies and the size of its group. */
export function duplicateFlags(interviews: readonly QcInterview[], s: QcSettings['duplicates']): QcFlag[] {
  const answered = interviews.map((iv) => iv.answers.reduce((n, a) => n + (a === '' ? 0 : 1), 0));
  const found = nearDuplicateGroups(
    interviews.map((iv) => iv.answers),
    s.maxDifferences,
    (i) => answered[i]! >= s.minAnswers,
  );
  const flags: QcFlag[] = [];
  interviews.forEach((iv, i) => {
    const j = found.partner[i]!;
    if (j === -1) return;
    const other = interviews[j]!;
    const d = found.differences[i]!;
    const others = found.groupSize[found.group[i]!]! - 1;
    const who = other.surveyor ? `（调查员 ${other.surveyor}）` : '';
    const more = others > 1 ? `；共 ${others} 份问卷与它相同或近似` : '';
    const moreEn = others > 1 ? `; ${others} interviews in all are (near-)copies of it` : '';
    flags.push({
      interviewId: iv.id,
      surveyor: iv.surveyor,
      check: d === 0 ? 'duplicate' : 'near_duplicate',
      value: d,
      threshold: s.maxDifferences,
      other: other.id,
      reason:
        d === 0
          ? {
              zh: `所有答案与问卷 ${other.id}${who} 完全相同${more}`,
              en: `every answer equals interview ${other.id}'s${moreEn}`,
            }
          : {
              zh: `答案与问卷 ${other.id} 只有 ${d} 题不同${who}${more}`,
              en: `answers differ from interview ${other.id}'s in only ${d} question(s)${moreEn}`,
            },
    });
  });
  return flags;
}
