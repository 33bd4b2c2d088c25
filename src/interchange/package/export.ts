import { deflateSync, strToU8, zipSync } from 'fflate';
import { deviceIdentity } from '../../store/devices.ts';
import type { SqlDriver } from '../../store/driver.ts';
import { auditRowsFor, readVersions, type VersionSelection } from '../../store/interview-versions.ts';
import { sha256Hex } from '../../util/hash.ts';
import { versionHash } from './content.ts';
import { seal } from './crypto.ts';
import { PACKAGE_FORMAT, type PackageManifest, type PackagePayload } from './format.ts';
import { manifestBytes, signBytes } from './signing.ts';

export interface ExportOptions extends VersionSelection {
  /** Encrypt to the office's public key (PEM); the package then opens only with its private key. */
  publicKeyPem?: string;
  device?: string | null;
}

export interface ExportedPackage {
  bytes: Uint8Array;
  manifest: PackageManifest;
}

/** One file holding the selected interviews with answers, revisions and audit rows, and the forms they used. */
export async function exportPackage(db: SqlDriver, options: ExportOptions = {}): Promise<ExportedPackage> {
  const versions = readVersions(db, options);
  const audit = auditRowsFor(
    db,
    versions.map((v) => v.interview_id),
  );
  const auditById = new Map<string, typeof audit>();
  for (const a of audit) {
    const list = auditById.get(a.entity_id ?? '') ?? [];
    list.push(a);
    auditById.set(a.entity_id ?? '', list);
  }
  const formKeys = [...new Set(versions.map((v) => JSON.stringify([v.form_id, v.form_version])))];
  const forms = formKeys.map((k) => {
    const [formId, version] = JSON.parse(k) as [string, string];
    const row = db.get<PackagePayload['forms'][number]>(
      'SELECT form_id, version, title, definition, definition_checksum FROM forms WHERE form_id = ? AND version = ?',
      [formId, version],
    );
    if (!row) throw new Error(`form ${formId}@${version} missing from the database`);
    return row;
  });
  const payload: PackagePayload = {
    forms,
    interviews: await Promise.all(
      versions.map(async (v) => ({
        hash: await versionHash(v),
        version: v,
        audit: auditById.get(v.interview_id) ?? [],
      })),
    ),
  };
  const json = strToU8(JSON.stringify(payload));
  const schemaVersion = Number(db.get<{ user_version: number }>('PRAGMA user_version')?.user_version ?? 0);
  const base = {
    format: PACKAGE_FORMAT,
    // 2: the encrypted payload's tag covers the manifest (a 0.1.0 office says "update scilit" instead of "altered").
    formatVersion: options.publicKeyPem ? 2 : 1,
    schemaVersion,
    packageId: crypto.randomUUID(),
    createdAt: new Date().toISOString(),
    // Outside the encryption only what the user chose to show: an encrypted package names no surveyor or laptop.
    device: options.device ?? (options.publicKeyPem ? null : (versions[0]?.device ?? null)),
    counts: { interviews: versions.length, forms: forms.length },
  } as const;
  const sha256 = await sha256Hex(json);
  let manifest: PackageManifest;
  let files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]>;
  if (options.publicKeyPem) {
    const encrypted = (p: { keyId: string; wrappedKey: string; iv: string }): PackageManifest => ({
      ...base,
      payload: { name: 'data.json.enc', sha256 },
      encryption: { scheme: 'RSA-OAEP-SHA256+AES-256-GCM', keyId: p.keyId, wrappedKey: p.wrappedKey, iv: p.iv },
    });
    // The clear manifest is the encryption's associated data: editing it (device, dates, counts) breaks the tag.
    const sealed = await seal(deflateSync(json), options.publicKeyPem, (p) => manifestBytes(encrypted(p)));
    manifest = encrypted(sealed);
    files = { 'data.json.enc': [sealed.ciphertext, { level: 0 }] };
  } else {
    manifest = { ...base, payload: { name: 'data.json', sha256 }, encryption: null };
    files = { 'data.json': json };
  }
  // A laptop with a signing key signs what the manifest says (payload hash included): the office can tell that
  // the package comes from this laptop and was not altered, even with its hashes recomputed.
  const identity = deviceIdentity(db);
  if (identity) {
    manifest = {
      ...manifest,
      signature: {
        scheme: 'Ed25519',
        deviceId: identity.device_id,
        publicKey: identity.public_key,
        value: await signBytes(manifestBytes(manifest), identity.private_key),
      },
    };
  }
  const bytes = zipSync({ 'manifest.json': strToU8(JSON.stringify(manifest, null, 2)), ...files }, { level: 6 });
  return { bytes, manifest };
}
