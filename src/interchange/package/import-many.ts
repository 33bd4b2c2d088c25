import type { SqlDriver } from '../../store/driver.ts';
import { auditPackageStack, withBulkMergeSettings } from '../../store/interview-versions.ts';
import type { ImportOptions, PackageFile, PackageImportSummary, PackageReader, ReadPackage } from './format.ts';
import { importReadPackage, readPackage } from './import.ts';

export type { PackageFile, PackageReader };

export type PackageBatchResult =
  | { fileName: string | null; ok: true; summary: PackageImportSummary }
  | { fileName: string | null; ok: false; error: Error };

export interface BatchOptions {
  privateKeyPem?: string;
  read?: PackageReader;
  /** Called after each package, in file order. */
  onPackage?: (index: number, result: PackageBatchResult) => void;
}

/** How many rows of the office database a package's import added or replaced. */
const changes = (s: PackageImportSummary) =>
  s.added + s.superseded + s.conflicts.length + s.auditRowsAdded + s.formsAdded;

type Settled = { ok: true; value: ReadPackage } | { ok: false; error: Error };

/**
 * Imports many packages, each in its own transaction exactly as importPackage does (a refused package is
 * reported and the others still merge: the result does not depend on order). While package k is written, package
 * k+1 (and k+2) is already being read, decrypted and verified by `read` — on a second core when `read` is a worker.
 */
export async function importPackages(
  db: SqlDriver,
  files: readonly PackageFile[],
  options: BatchOptions = {},
): Promise<PackageBatchResult[]> {
  const read = options.read ?? ((f: PackageFile, o: ImportOptions) => readPackage(f.bytes, o));
  const optionsFor = (f: PackageFile): ImportOptions => ({
    fileName: f.fileName,
    privateKeyPem: options.privateKeyPem,
  });
  // Settled promises only: a package read ahead and refused must not surface as an unhandled rejection.
  const start = (i: number): Promise<Settled> | undefined => {
    const f = files[i];
    if (!f) return undefined;
    return read(f, optionsFor(f)).then(
      (value) => ({ ok: true, value }),
      (error: unknown) => ({ ok: false, error: error instanceof Error ? error : new Error(String(error)) }),
    );
  };
  const results: PackageBatchResult[] = [];
  // When any package wrote, the stack's audit row is written: its FULL commit makes all of them durable.
  const durable = () => {
    if (results.some((r) => r.ok && changes(r.summary) > 0))
      auditPackageStack(db, {
        files: files.length,
        merged: results.filter((r) => r.ok).length,
        refused: results.filter((r) => !r.ok).length,
      });
  };
  return withBulkMergeSettings(
    db,
    async () => {
      // Two packages read ahead: a slow read (a large package, a busy machine) rarely leaves the writer idle.
      const ahead = [start(0), start(1)];
      for (let i = 0; ahead[0]; i++) {
        const current = await (ahead.shift() as Promise<Settled>);
        ahead.push(start(i + 2));
        const file = files[i] as PackageFile;
        let result: PackageBatchResult;
        if (!current.ok) result = { fileName: file.fileName ?? null, ok: false, error: current.error };
        else {
          try {
            const summary = await importReadPackage(db, current.value, optionsFor(file));
            result = { fileName: file.fileName ?? null, ok: true, summary };
          } catch (e) {
            result = { fileName: file.fileName ?? null, ok: false, error: e as Error };
          }
        }
        results.push(result);
        options.onPackage?.(i, result);
      }
      return results;
    },
    durable,
  );
}
