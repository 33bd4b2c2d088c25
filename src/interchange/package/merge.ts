import type { InterviewVersion } from '../../store/interview-versions.ts';

export interface Candidate {
  hash: string;
  version: InterviewVersion;
}

export type MergeOutcome = 'added' | 'identical' | 'older' | 'superseded' | 'conflict';

export interface MergeResult {
  outcome: MergeOutcome;
  /** The version shown in `interviews`. */
  head: Candidate;
  /** Versions kept side by side with the head (empty unless in conflict). */
  conflicts: Candidate[];
}

/**
 * Merges one incoming version into the versions held for the same interview (the head and any conflicts).
 * What is held afterwards is always the set of versions that no other version seen supersedes (an ancestor of
 * a version is superseded by it), so the result does not depend on the order packages arrive in. When more than
 * one version remains, they are in conflict: all are kept, and the head is picked by a fixed rule (highest
 * revision, then smallest hash) only so that every office shows the same one until someone resolves it.
 */
export function mergeVersion(
  held: readonly Candidate[],
  incoming: Candidate,
  /**
   * Whether `newer` may supersede `older` when it names it as an ancestor: by default a revision counts only from the
   * interview's own laptop (a package "from laptop B" claiming to revise laptop A's interview is a conflict, kept
   * for review, whatever order the packages arrive in).
   */
  mayRevise: (newer: InterviewVersion, older: InterviewVersion) => boolean = (a, b) => a.device === b.device,
): MergeResult | { outcome: 'identical' | 'older' } {
  if (held.some((h) => h.hash === incoming.hash)) return { outcome: 'identical' };
  if (held.some((h) => h.version.ancestors.includes(incoming.hash) && mayRevise(h.version, incoming.version)))
    return { outcome: 'older' };
  const remaining = held.filter(
    (h) => !(incoming.version.ancestors.includes(h.hash) && mayRevise(incoming.version, h.version)),
  );
  const all = [...remaining, incoming].sort(headOrder);
  const [head, ...conflicts] = all as [Candidate, ...Candidate[]];
  if (conflicts.length > 0) return { outcome: 'conflict', head, conflicts };
  return { outcome: held.length === 0 ? 'added' : 'superseded', head, conflicts };
}

function headOrder(a: Candidate, b: Candidate): number {
  return b.version.revision - a.version.revision || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0);
}
