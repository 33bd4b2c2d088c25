// What the package operations return (src/api/ops/packages.ts), as the renderer reads them.
export type { ConflictSummary, InterviewVersion } from '../../../../src/store/interview-versions.ts';

import type {
  PackageImportSummary as ImportSummary,
  PackageManifest,
} from '../../../../src/interchange/package/format.ts';
import type { InterviewVersion } from '../../../../src/store/interview-versions.ts';

export type { ImportSummary, PackageManifest };

export interface ExportedPackage {
  fileName: string;
  dataBase64: string;
  manifest: PackageManifest;
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
