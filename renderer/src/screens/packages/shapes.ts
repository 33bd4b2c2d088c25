// What the package operations return (src/api/ops/packages.ts), as the renderer reads them.
export type { ConflictSummary, InterviewVersion } from '../../../../src/store/interview-versions.ts';

import type { InterviewVersion } from '../../../../src/store/interview-versions.ts';

export interface PackageManifest {
  packageId: string;
  createdAt: string;
  device: string | null;
  schemaVersion: number;
  counts: { interviews: number; forms: number };
  payload: { name: string; sha256: string };
  encryption: { scheme: string; keyId: string } | null;
}

export interface ExportedPackage {
  fileName: string;
  dataBase64: string;
  manifest: PackageManifest;
}

export interface ImportSummary {
  packageId: string;
  fileName: string | null;
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

export type ImportOutcome =
  | { fileName: string | null; ok: true; summary: ImportSummary }
  | { fileName: string | null; ok: false; error: { code: string; message: string } };

export interface ConflictDetail {
  head: InterviewVersion;
  others: { hash: string; version: InterviewVersion }[];
}

/** A key file read as text in the browser: only its name and PEM text travel. */
export interface PemFile {
  name: string;
  pem: string;
}
