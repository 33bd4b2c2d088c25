import { inflateSync, strFromU8, unzipSync } from 'fflate';
import type { SqlDriver } from '../../store/driver.ts';
import { putForm } from '../../store/forms.ts';
import { withoutForeignKeyChecks } from '../../store/imports.ts';
import {
  auditPackageImport,
  existingInterviews,
  type InterviewVersion,
  mergeAuditRows,
  readConflicts,
  readVersion,
  replaceConflicts,
  writeHead,
} from '../../store/interview-versions.ts';
import { sha256Hex } from '../../util/hash.ts';
import { versionHash } from './content.ts';
import { open } from './crypto.ts';
import {
  type ImportOptions,
  manifestSchema,
  PACKAGE_FORMAT_VERSION,
  PackageError,
  type PackageImportSummary,
  type PackageManifest,
  type PackagePayload,
  payloadSchema,
  type ReadPackage,
} from './format.ts';

export type { ImportOptions, PackageImportSummary, ReadPackage };

import { type Candidate, type MergeOutcome, mergeVersion } from './merge.ts';

/** Reads, verifies and decrypts a package file without touching any database. */
export async function readPackage(bytes: Uint8Array, options: ImportOptions = {}): Promise<ReadPackage> {
  const sha256 = options.sha256 ?? sha256Hex;
  const fileChecksum = await sha256(bytes);
  const name = options.fileName ?? 'the package';
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch {
    throw new PackageError('damaged', `${name} is not a readable scilit field package (damaged or truncated file).`);
  }
  const rawManifest = files['manifest.json'];
  if (!rawManifest) throw new PackageError('damaged', `${name} is not a scilit field package (no manifest.json).`);
  let manifest: PackageManifest;
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(strFromU8(rawManifest)));
    if (!parsed.success) {
      const format = (JSON.parse(strFromU8(rawManifest)) as { formatVersion?: unknown }).formatVersion;
      if (typeof format === 'number' && format > PACKAGE_FORMAT_VERSION) throw newer(name, `format ${format}`);
      throw new Error(parsed.error.issues[0]?.message);
    }
    manifest = parsed.data;
  } catch (e) {
    if (e instanceof PackageError) throw e;
    throw new PackageError('damaged', `${name}: its manifest is damaged (${(e as Error).message}).`);
  }
  if (manifest.formatVersion > PACKAGE_FORMAT_VERSION) throw newer(name, `format ${manifest.formatVersion}`);

  const stored = files[manifest.payload.name];
  if (!stored) throw new PackageError('damaged', `${name} is incomplete: ${manifest.payload.name} is missing.`);
  let json: Uint8Array;
  if (manifest.encryption) {
    if (!options.privateKeyPem) {
      throw new PackageError(
        'encrypted',
        `${name} is encrypted to the office key ${manifest.encryption.keyId.slice(0, 16)}…: give the office private key (--key office-private.pem).`,
      );
    }
    const deflated = await open({ ciphertext: stored, ...manifest.encryption }, options.privateKeyPem);
    try {
      json = inflateSync(deflated);
    } catch {
      throw new PackageError('damaged', `${name}: the decrypted data is damaged.`);
    }
  } else {
    json = stored;
  }
  if ((await sha256(json)) !== manifest.payload.sha256) {
    throw new PackageError(
      'tampered',
      `${name} failed its integrity check: the content does not match the hash recorded when it was made (altered or damaged).`,
    );
  }
  let payload: PackagePayload;
  const payloadText = strFromU8(json);
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(payloadText));
    if (!parsed.success) throw new Error(parsed.error.issues[0]?.message);
    payload = parsed.data;
  } catch (e) {
    throw new PackageError('damaged', `${name}: its data is not a valid package (${(e as Error).message}).`);
  }
  const hashes = await Promise.all(payload.interviews.map((item) => versionHash(item.version, sha256)));
  payload.interviews.forEach((item, i) => {
    if (hashes[i] !== item.hash) {
      throw new PackageError(
        'tampered',
        `${name}: interview ${item.version.interview_id} does not match its recorded hash (altered).`,
      );
    }
  });
  return { manifest, payload, payloadText, fileChecksum };
}

function newer(name: string, what: string): PackageError {
  return new PackageError(
    'newer',
    `${name} was made by a newer scilit (${what}); update scilit to import it. Nothing was imported.`,
  );
}

/** The time a version last changed, from its own content, so that merges do not depend on when they happen. */
function versionTime(v: InterviewVersion): string {
  let t = v.finalized_at ?? v.started_at;
  for (const a of v.answers) if (a[2] > t) t = a[2];
  return t;
}

/**
 * Imports a field package in one transaction: new interviews added, identical ones skipped, later revisions
 * supersede earlier ones, and a different version with no revision link is kept beside the one here as a
 * conflict. Any problem refuses the whole package and leaves the database as it was.
 */
export async function importPackage(
  db: SqlDriver,
  bytes: Uint8Array,
  options: ImportOptions = {},
): Promise<PackageImportSummary> {
  return importReadPackage(db, await readPackage(bytes, options), options);
}

/** The writing half of importPackage, for a package already read and verified by readPackage. */
export async function importReadPackage(
  db: SqlDriver,
  { manifest, payload, fileChecksum }: ReadPackage,
  options: ImportOptions = {},
): Promise<PackageImportSummary> {
  const name = options.fileName ?? 'the package';
  const summary: PackageImportSummary = {
    packageId: manifest.packageId,
    fileName: options.fileName ?? null,
    alreadyImported: false,
    interviews: payload.interviews.length,
    added: 0,
    identical: 0,
    older: 0,
    superseded: 0,
    conflicts: [],
    formsAdded: 0,
    auditRowsAdded: 0,
  };
  const ourSchema = Number(db.get<{ user_version: number }>('PRAGMA user_version')?.user_version ?? 0);
  if (manifest.schemaVersion > ourSchema)
    throw newer(name, `database schema ${manifest.schemaVersion}, ours is ${ourSchema}`);
  if (db.get("SELECT 1 FROM import_batches WHERE kind = 'package' AND file_checksum = ?", [fileChecksum])) {
    return { ...summary, alreadyImported: true, identical: payload.interviews.length };
  }

  // Hashing is asynchronous (WebCrypto), so the versions held here are hashed before the transaction, and the
  // transaction checks that none of them changed in between (and that no other interview of the package arrived).
  const ids = payload.interviews.map((item) => item.version.interview_id);
  // A null stamp marks what this transaction wrote itself: nothing else can have changed it since.
  const held = new Map<string, { stamp: string | null; candidates: Candidate[] }>();
  for (const id of existingInterviews(db, ids)) {
    const head = readVersion(db, id);
    if (!head) continue;
    const candidates: Candidate[] = [{ hash: await versionHash(head, options.sha256), version: head }];
    candidates.push(...readConflicts(db, id));
    held.set(id, { stamp: stampOf(db, id), candidates });
  }

  // Foreign-key checks cost a lookup per answer; the merge inserts parents first (forms, the batch, each
  // interview before its answers and conflicts) and refuses interviews of unknown forms, so they can be off.
  return withoutForeignKeyChecks(db, () =>
    db.transaction(() => {
      const existing = existingInterviews(db, ids);
      for (const id of existing) {
        if (!held.has(id)) throw changedMeanwhile(id, name);
      }
      const known = new Set(db.all<{ k: string }>("SELECT form_id || '@' || version AS k FROM forms").map((r) => r.k));
      for (const f of payload.forms) {
        try {
          if (
            putForm(db, {
              formId: f.form_id,
              version: f.version,
              title: f.title,
              definition: f.definition,
              definitionChecksum: f.definition_checksum,
              sourceName: `package ${manifest.packageId}`,
            }) === 'added'
          ) {
            summary.formsAdded++;
          }
        } catch (e) {
          throw new PackageError('form_conflict', `${name}: ${(e as Error).message}`);
        }
        known.add(`${f.form_id}@${f.version}`);
      }
      for (const item of payload.interviews) {
        const v = item.version;
        if (!known.has(`${v.form_id}@${v.form_version}`)) {
          throw new PackageError(
            'unknown_form',
            `${name}: interview ${v.interview_id} uses form ${v.form_id} version ${v.form_version}, which is neither in this database nor in the package. Import that form first.`,
          );
        }
      }
      const batchId = crypto.randomUUID();
      let batchWritten = false;
      const ensureBatch = () => {
        if (batchWritten) return;
        db.run(
          `INSERT INTO import_batches (batch_id, kind, file_name, file_checksum, imported_at, rows_total, detail)
         VALUES (?, 'package', ?, ?, ?, ?, ?)`,
          [
            batchId,
            options.fileName ?? null,
            fileChecksum,
            new Date().toISOString(),
            payload.interviews.length,
            JSON.stringify({ packageId: manifest.packageId, device: manifest.device, createdAt: manifest.createdAt }),
          ],
        );
        batchWritten = true;
      };

      const outcomes = new Map<MergeOutcome, number>();
      for (const item of payload.interviews) {
        const id = item.version.interview_id;
        const h = held.get(id);
        if (h?.stamp != null && stampOf(db, id) !== h.stamp) throw changedMeanwhile(id, name);
        const result = mergeVersion(h?.candidates ?? [], { hash: item.hash, version: item.version });
        outcomes.set(result.outcome, (outcomes.get(result.outcome) ?? 0) + 1);
        if (!('head' in result)) continue;
        ensureBatch();
        writeHead(
          db,
          result.head.version,
          result.head.hash,
          result.conflicts.length > 0,
          batchId,
          versionTime(result.head.version),
          h === undefined,
        );
        if (h !== undefined || result.conflicts.length > 0) replaceConflicts(db, id, result.conflicts);
        if (result.outcome === 'conflict') summary.conflicts.push(id);
        // A package may carry two versions of one interview: later items merge with what earlier ones left.
        held.set(id, { stamp: null, candidates: [result.head, ...result.conflicts] });
      }
      summary.added = outcomes.get('added') ?? 0;
      summary.identical = outcomes.get('identical') ?? 0;
      summary.older = outcomes.get('older') ?? 0;
      summary.superseded = outcomes.get('superseded') ?? 0;
      summary.auditRowsAdded = mergeAuditRows(
        db,
        payload.interviews.flatMap((i) => i.audit),
      );
      if (summary.auditRowsAdded > 0 || summary.formsAdded > 0) ensureBatch();
      if (batchWritten) {
        db.run('UPDATE import_batches SET rows_added = ?, rows_skipped = ?, rows_conflict = ? WHERE batch_id = ?', [
          summary.added + summary.superseded,
          summary.identical + summary.older,
          summary.conflicts.length,
          batchId,
        ]);
        auditPackageImport(db, batchId, {
          ...summary,
          conflicts: summary.conflicts.length,
        });
      }
      return summary;
    }),
  );
}

function changedMeanwhile(interviewId: string, name: string): PackageError {
  return new PackageError(
    'changed_meanwhile',
    `interview ${interviewId} changed while ${name} was being imported; import it again.`,
  );
}

function stampOf(db: SqlDriver, interviewId: string): string {
  const r = db.get<{ updated_at: string; revision: number; n: number }>(
    `SELECT updated_at, revision, (SELECT count(*) FROM interview_conflicts WHERE interview_id = ?) AS n
     FROM interviews WHERE interview_id = ?`,
    [interviewId, interviewId],
  );
  return r ? `${r.updated_at}|${r.revision}|${r.n}` : '';
}
