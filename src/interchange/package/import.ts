import { strFromU8 } from 'fflate';
import { registeredDevices } from '../../store/devices.ts';
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
import {
  type InflateBudget,
  inflateBounded,
  MiB,
  readEntry,
  type ZipEntry,
  ZipProblem,
  zipEntries,
} from '../xlsx/zip.ts';
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
import { manifestBytes, verifyBytes } from './signing.ts';

export type { ImportOptions, PackageImportSummary, ReadPackage };

import { type Candidate, type MergeOutcome, mergeVersion } from './merge.ts';

/**
 * What a package's parts may inflate to. A laptop's package of a whole survey (10,000 interviews of 100 answers) is
 * about 60 MB of JSON; JSON of answers compresses 5–15 times, never 100.
 */
export const PACKAGE_BUDGETS = {
  manifest: { maxBytes: MiB, maxRatio: 100, ratioGrace: 64 * 1024 },
  payload: { maxBytes: 256 * MiB, maxRatio: 100, ratioGrace: 4 * MiB },
} satisfies Record<string, InflateBudget>;

/** The package's entries, each inflated under its budget (a zip bomb is refused before it fills the memory). */
function unpack(
  bytes: Uint8Array,
  name: string,
): { entries: Map<string, ZipEntry>; read(entry: ZipEntry, budget: InflateBudget): Uint8Array } {
  let entries: Map<string, ZipEntry>;
  try {
    entries = zipEntries(bytes);
  } catch (e) {
    if (e instanceof ZipProblem) throw unreadablePackage(name);
    throw e;
  }
  return {
    entries,
    read(entry, budget) {
      try {
        return readEntry(bytes, entry, budget);
      } catch (e) {
        if (e instanceof ZipProblem) throw zipProblem(e, name);
        throw e;
      }
    },
  };
}

const unreadablePackage = (name: string) =>
  PackageError.of(
    'damaged',
    `${name} 不是可读取的 scilit 外业数据包（文件损坏或不完整）。`,
    `${name} is not a readable scilit field package (damaged or truncated file).`,
  );

function zipProblem(e: ZipProblem, name: string): PackageError {
  if (e.kind === 'too_large' || e.kind === 'ratio') {
    const limit =
      e.kind === 'too_large'
        ? {
            zh: `解压后超过 ${Math.round((e.budget?.maxBytes ?? 0) / MiB)} MB`,
            en: `inflates to more than ${Math.round((e.budget?.maxBytes ?? 0) / MiB)} MB`,
          }
        : {
            zh: `解压后是压缩前的 ${e.budget?.maxRatio} 倍以上`,
            en: `inflates to more than ${e.budget?.maxRatio} times its compressed size`,
          };
    return PackageError.of(
      'damaged',
      `${name} 里的 ${e.entry}${limit.zh}，正常的数据包不会这样。它可能是恶意构造的“压缩炸弹”，已拒绝导入，数据库没有任何改动。`,
      `${name}: its part ${e.entry} ${limit.en}, which no real package does. It may be a "zip bomb"; it was refused and the database was not changed.`,
    );
  }
  return unreadablePackage(name);
}

/** Reads, verifies and decrypts a package file without touching any database. */
export async function readPackage(bytes: Uint8Array, options: ImportOptions = {}): Promise<ReadPackage> {
  const sha256 = options.sha256 ?? sha256Hex;
  const fileChecksum = await sha256(bytes);
  const name = options.fileName ?? 'the package';
  const zip = unpack(bytes, name);
  const manifestEntry = zip.entries.get('manifest.json');
  if (!manifestEntry)
    throw PackageError.of(
      'damaged',
      `${name} 不是 scilit 外业数据包（缺少 manifest.json）。`,
      `${name} is not a scilit field package (no manifest.json).`,
    );
  const rawManifest = zip.read(manifestEntry, PACKAGE_BUDGETS.manifest);
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
    throw PackageError.of(
      'damaged',
      `${name} 的清单（manifest）已损坏（${(e as Error).message}）。`,
      `${name}: its manifest is damaged (${(e as Error).message}).`,
    );
  }
  if (manifest.formatVersion > PACKAGE_FORMAT_VERSION) throw newer(name, `format ${manifest.formatVersion}`);

  const storedEntry = zip.entries.get(manifest.payload.name);
  if (!storedEntry)
    throw PackageError.of(
      'damaged',
      `${name} 不完整：缺少 ${manifest.payload.name}。`,
      `${name} is incomplete: ${manifest.payload.name} is missing.`,
    );
  let json: Uint8Array;
  if (manifest.encryption) {
    if (!options.privateKeyPem) {
      throw PackageError.of(
        'encrypted',
        `${name} 已用办公室密钥 ${manifest.encryption.keyId.slice(0, 16)}… 加密：请提供办公室私钥（--key office-private.pem）。`,
        `${name} is encrypted to the office key ${manifest.encryption.keyId.slice(0, 16)}…: give the office private key (--key office-private.pem).`,
      );
    }
    // The ciphertext is stored (not deflated) in the ZIP: at most its own size.
    const stored = zip.read(storedEntry, { ...PACKAGE_BUDGETS.payload, maxRatio: 1.01, ratioGrace: 0 });
    // From format 2 the manifest is the encryption's associated data: an edited manifest does not open.
    const associated = manifest.formatVersion >= 2 ? manifestBytes(manifest) : undefined;
    const deflated = await open({ ciphertext: stored, ...manifest.encryption }, options.privateKeyPem, associated);
    try {
      json = inflateBounded(deflated, PACKAGE_BUDGETS.payload, manifest.payload.name);
    } catch (e) {
      if (e instanceof ZipProblem && (e.kind === 'too_large' || e.kind === 'ratio')) throw zipProblem(e, name);
      throw PackageError.of('damaged', `${name} 解密后的数据已损坏。`, `${name}: the decrypted data is damaged.`);
    }
  } else {
    json = zip.read(storedEntry, PACKAGE_BUDGETS.payload);
  }
  if ((await sha256(json)) !== manifest.payload.sha256) {
    throw PackageError.of(
      'tampered',
      `${name} 没有通过完整性检查：内容与制作时记录的校验值不符（被改动或已损坏）。`,
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
    throw PackageError.of(
      'damaged',
      `${name} 的数据不是有效的数据包（${(e as Error).message}）。`,
      `${name}: its data is not a valid package (${(e as Error).message}).`,
    );
  }
  const hashes = await Promise.all(payload.interviews.map((item) => versionHash(item.version, sha256)));
  payload.interviews.forEach((item, i) => {
    if (hashes[i] !== item.hash) {
      throw PackageError.of(
        'tampered',
        `${name}：问卷 ${item.version.interview_id} 与其记录的校验值不符（被改动过）。`,
        `${name}: interview ${item.version.interview_id} does not match its recorded hash (altered).`,
      );
    }
  });
  let signer: ReadPackage['signer'];
  if (manifest.signature) {
    const s = manifest.signature;
    if (!(await verifyBytes(manifestBytes(manifest), s.value, s.publicKey))) {
      throw PackageError.of(
        'bad_signature',
        `${name} 的签名（设备 ${s.deviceId}）与内容不符：数据包在签名后被改动过。没有导入任何数据。`,
        `${name}: its signature (device ${s.deviceId}) does not match its content: the package was altered after it was signed. Nothing was imported.`,
      );
    }
    signer = { deviceId: s.deviceId, publicKey: s.publicKey };
  }
  return { manifest, payload, payloadText, fileChecksum, signer };
}

/**
 * Who may send what (docs/security.md). With any laptop registered, the office takes signed packages only, each
 * signed with the key registered for its laptop, and a laptop vouches only for its own interviews (a supervisor's
 * laptop registered with may_revise_others excepted). With none registered, packages have integrity only.
 */
function checkSender(
  db: SqlDriver,
  name: string,
  signer: ReadPackage['signer'],
  payload: PackagePayload,
): { mayReviseOthers: Set<string> } {
  const registry = registeredDevices(db);
  const mayReviseOthers = new Set(
    [...registry.values()].filter((d) => d.may_revise_others === 1).map((d) => d.device_id),
  );
  // No laptop registered: the office has not turned authenticity on; packages have integrity only (signed or not).
  if (registry.size === 0) return { mayReviseOthers };
  if (!signer) {
    if (registry.size > 0)
      throw PackageError.of(
        'unsigned',
        `${name} 没有签名。本办公室已登记了外业设备，只接受由已登记设备签名的数据包（未签名的数据包任何人都能伪造）。请在外业电脑上用 scilit 0.2 以上版本重新导出。没有导入任何数据。`,
        `${name} is not signed. This office has registered field laptops and accepts only packages signed by one of them (an unsigned package can be forged by anyone). Export it again with scilit 0.2 or later on the laptop. Nothing was imported.`,
      );
    return { mayReviseOthers };
  }
  const registered = registry.get(signer.deviceId);
  if (!registered || registered.public_key !== signer.publicKey) {
    throw PackageError.of(
      'unregistered_device',
      registered
        ? `${name} 由设备“${signer.deviceId}”签名，但所用密钥不是本办公室为该设备登记的密钥。没有导入任何数据。`
        : `${name} 由设备“${signer.deviceId}”签名，但本办公室没有登记这台设备。请先用 scilit keys register 登记它的公钥。没有导入任何数据。`,
      registered
        ? `${name} is signed by device "${signer.deviceId}" with a key that is not the one this office registered for it. Nothing was imported.`
        : `${name} is signed by device "${signer.deviceId}", which this office has not registered. Register its public key first (scilit keys register). Nothing was imported.`,
    );
  }
  if (registered.may_revise_others !== 1) {
    const foreign = payload.interviews.find((i) => i.version.device !== signer.deviceId);
    if (foreign) {
      throw PackageError.of(
        'foreign_interview',
        `${name} 由设备“${signer.deviceId}”签名，却含有记在设备“${foreign.version.device ?? '（无）'}”名下的问卷 ${foreign.version.interview_id}。一台设备只能为自己的问卷签名。没有导入任何数据。`,
        `${name} is signed by device "${signer.deviceId}" but carries interview ${foreign.version.interview_id} of device "${foreign.version.device ?? '(none)'}". A laptop signs for its own interviews only. Nothing was imported.`,
      );
    }
  }
  return { mayReviseOthers };
}

function newer(name: string, what: string): PackageError {
  return PackageError.of(
    'newer',
    `${name} 由更新版本的 scilit 制作（${what}）；请先升级 scilit 再导入。没有导入任何数据。`,
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
  { manifest, payload, fileChecksum, signer }: ReadPackage,
  options: ImportOptions = {},
): Promise<PackageImportSummary> {
  const name = options.fileName ?? 'the package';
  const { mayReviseOthers } = checkSender(db, name, signer, payload);
  // A revision supersedes only a version of the same laptop, or comes from a laptop the office allowed (finding 4).
  const mayRevise = (newer: InterviewVersion, older: InterviewVersion) =>
    newer.device === older.device || (newer.device !== null && mayReviseOthers.has(newer.device));
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
          throw PackageError.of(
            'form_conflict',
            `${name}：数据包里的问卷定义与本数据库中同一版本的定义不同（${(e as Error).message}）。`,
            `${name}: ${(e as Error).message}`,
          );
        }
        known.add(`${f.form_id}@${f.version}`);
      }
      for (const item of payload.interviews) {
        const v = item.version;
        if (!known.has(`${v.form_id}@${v.form_version}`)) {
          throw PackageError.of(
            'unknown_form',
            `${name}：问卷 ${v.interview_id} 使用的问卷表 ${v.form_id} 第 ${v.form_version} 版既不在本数据库中，也不在数据包里。请先导入该问卷表。`,
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
        const result = mergeVersion(h?.candidates ?? [], { hash: item.hash, version: item.version }, mayRevise);
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
  return PackageError.of(
    'changed_meanwhile',
    `导入 ${name} 期间问卷 ${interviewId} 被修改了；请重新导入。`,
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
