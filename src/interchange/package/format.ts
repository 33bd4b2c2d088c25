import { z } from 'zod';

/** The file: a ZIP holding manifest.json and the payload (data.json, or data.json.enc when encrypted). */
export const PACKAGE_FORMAT = 'scilit-field-package';
/** 2: an encrypted payload's AES-GCM tag also covers the manifest (associated data). Unencrypted packages stay 1. */
export const PACKAGE_FORMAT_VERSION = 2;

const nullableText = z.string().nullable();

export const encryptionSchema = z.object({
  /** A fresh AES-256-GCM key per package, wrapped with the office's RSA-OAEP (SHA-256) public key. */
  scheme: z.literal('RSA-OAEP-SHA256+AES-256-GCM'),
  /** SHA-256 of the office public key (SPKI DER), to say which key opens the package. */
  keyId: z.string().regex(/^[0-9a-f]{64}$/),
  wrappedKey: z.string().min(1),
  iv: z.string().min(1),
});

export const signatureSchema = z.object({
  scheme: z.literal('Ed25519'),
  /** The laptop that signed, as the office registered it. */
  deviceId: z.string().min(1).max(200),
  /** Raw Ed25519 public key, base64. */
  publicKey: z.string().min(1).max(100),
  /** Signature of the manifest without this field (canonical JSON), base64. */
  value: z.string().min(1).max(200),
});
export type PackageSignature = z.infer<typeof signatureSchema>;

export const manifestSchema = z.object({
  format: z.literal(PACKAGE_FORMAT),
  formatVersion: z.number().int().min(1),
  schemaVersion: z.number().int().min(1),
  packageId: z.string().min(1),
  createdAt: z.string(),
  device: nullableText,
  counts: z.object({ interviews: z.number().int().min(0), forms: z.number().int().min(0) }),
  payload: z.object({
    name: z.enum(['data.json', 'data.json.enc']),
    /** SHA-256 of the payload's JSON text (before compression and encryption). */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  encryption: encryptionSchema.nullable(),
  signature: signatureSchema.nullable().optional(),
});
export type PackageManifest = z.infer<typeof manifestSchema>;

type AnswerRow = [string, string | null, string, number | null];
// Checked by hand rather than with a zod tuple: a package holds hundreds of thousands of answers, and this loop
// is many times faster while checking the same shape.
function isAnswerRows(value: unknown): value is AnswerRow[] {
  if (!Array.isArray(value)) return false;
  for (const r of value) {
    if (!Array.isArray(r) || r.length !== 4) return false;
    if (typeof r[0] !== 'string' || typeof r[2] !== 'string') return false;
    if (r[1] !== null && typeof r[1] !== 'string') return false;
    if (r[3] !== null && typeof r[3] !== 'number') return false;
  }
  return true;
}
const answersSchema = z.custom<AnswerRow[]>(
  isAnswerRows,
  'answers must be rows of [field, value, answered_at, duration_ms]',
);

// Strict objects: a package holds exactly what scilit writes (a newer format says so in its manifest), so the
// validated payload equals its JSON text parsed again (a worker thread sends the text, not a structured clone).
export const versionSchema = z.strictObject({
  interview_id: z.string().min(1),
  form_id: z.string().min(1),
  form_version: z.string().min(1),
  surveyor: nullableText,
  device: nullableText,
  region_code: nullableText,
  stratum: nullableText,
  psu: nullableText,
  household: nullableText,
  design_weight: z.number().positive().nullable(),
  status: z.enum(['draft', 'final', 'void']),
  void_reason: nullableText,
  started_at: z.string(),
  finalized_at: nullableText,
  revision: z.number().int().min(1),
  ancestors: z.array(z.string()),
  answers: answersSchema,
});

export const auditRowSchema = z.strictObject({
  audit_uuid: z.string().min(1),
  at: z.string(),
  actor: nullableText,
  device: nullableText,
  action: z.string(),
  entity: z.string(),
  entity_id: nullableText,
  detail: nullableText,
});

export const payloadSchema = z.strictObject({
  forms: z.array(
    z.strictObject({
      form_id: z.string().min(1),
      version: z.string().min(1),
      title: z.string(),
      definition: z.string(),
      definition_checksum: z.string(),
    }),
  ),
  interviews: z.array(z.strictObject({ hash: z.string(), version: versionSchema, audit: z.array(auditRowSchema) })),
});
export type PackagePayload = z.infer<typeof payloadSchema>;

/** A problem with a package file: the user sees the message as it is (Chinese, then English); nothing was written. */
export class PackageError extends Error {
  readonly userFacing = true;
  constructor(
    readonly code:
      | 'damaged'
      | 'tampered'
      | 'newer'
      | 'encrypted'
      | 'wrong_key'
      | 'unknown_form'
      | 'form_conflict'
      | 'changed_meanwhile'
      | 'unsigned'
      | 'unregistered_device'
      | 'bad_signature'
      | 'foreign_interview',
    message: string,
  ) {
    super(message);
    this.name = 'PackageError';
  }

  /** The message in both languages, Chinese first (what the app shows by default). */
  static of(code: PackageError['code'], zh: string, en: string): PackageError {
    return new PackageError(code, `${zh}\n${en}`);
  }
}

/** SHA-256 as lowercase hex; WebCrypto by default, a caller may pass a synchronous one (Node's, in a worker). */
export type Sha256 = (data: Uint8Array | string) => string | Promise<string>;

export interface ImportOptions {
  /** The office's private key (PEM), for encrypted packages. */
  privateKeyPem?: string;
  fileName?: string;
  /** How to compute SHA-256 (default WebCrypto); the result is the same, only the cost differs. */
  sha256?: Sha256;
}

/** A package file read and verified: its manifest, its content, and the SHA-256 of the file's bytes. */
export interface ReadPackage {
  manifest: PackageManifest;
  payload: PackagePayload;
  /** The verified payload's JSON text: a worker thread sends this back (parsing it costs less than a structured clone). */
  payloadText: string;
  fileChecksum: string;
  /** The laptop whose signature was verified (its key still has to be the one the office registered). */
  signer?: { deviceId: string; publicKey: string };
}

export interface PackageFile {
  bytes: Uint8Array;
  fileName?: string;
}

/** Reads and verifies one package; the default runs readPackage on this thread, a Node host may use a worker. */
export type PackageReader = (file: PackageFile, options: ImportOptions) => Promise<ReadPackage>;

/** What importing one package did (the package/import operation returns it). */
export interface PackageImportSummary {
  packageId: string;
  fileName: string | null;
  /** True when this exact file was imported before: nothing was done. */
  alreadyImported: boolean;
  interviews: number;
  added: number;
  identical: number;
  older: number;
  superseded: number;
  conflicts: string[];
  formsAdded: number;
  auditRowsAdded: number;
}
