import type { InterviewVersion } from '../../store/interview-versions.ts';
import { sha256Hex } from '../../util/hash.ts';
import type { Sha256 } from './format.ts';

export type { InterviewVersion, Sha256 };

/**
 * The hash covers what the respondent said, when, and where the interview sits in the design — not bookkeeping
 * such as when a row was last touched or which batch brought it: the same interview exported twice hashes the
 * same, and two versions with equal hashes are equal in every field the office keeps.
 */

export async function versionHash(v: InterviewVersion, sha256: Sha256 = sha256Hex): Promise<string> {
  const canonical = JSON.stringify([
    v.interview_id,
    v.form_id,
    v.form_version,
    v.surveyor,
    v.device,
    v.region_code,
    v.stratum,
    v.psu,
    v.household,
    v.design_weight,
    v.status,
    v.void_reason,
    v.started_at,
    v.finalized_at,
    v.revision,
    v.ancestors,
    v.answers,
  ]);
  return sha256(canonical);
}
