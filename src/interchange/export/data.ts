/**
 * The data export (issue 19): the respondent data set with its design (gather.ts) written as .csv, .sav, .dta or
 * .xlsx, with syntax files that declare the design and reproduce scilit's headline estimates.
 *
 *   exportData(db, { format, formId?, lang?, labels?, weightingScheme?, replicates?, syntax? }):
 *     Promise<{ files: { fileName, bytes }[], bundle }>
 *
 * The first file is the data; with `syntax`, the .R script (reading the CSV, which is added when the data file is
 * in another format), the .do and the .sps follow. File names are ASCII so that every package opens them.
 */
import type { SqlDriver } from '../../store/driver.ts';
import { writeDta } from './dta.ts';
import { type ExportBundle, type ExportRequest, gatherExport } from './gather.ts';
import { writeSav } from './sav.ts';
import { rSyntax, spssSyntax, stataSyntax } from './syntax.ts';
import { writeCsv, writeXlsx } from './table.ts';

export type DataFormat = 'csv' | 'sav' | 'dta' | 'xlsx';

export interface ExportDataOptions extends ExportRequest {
  format: DataFormat;
  /** CSV/xlsx: value labels instead of codes. */
  labels?: boolean;
  /** Add the .R, .do and .sps files (and the CSV the .R reads). */
  syntax?: boolean;
  /** File name stem, default scilit-data. */
  stem?: string;
}

export interface ExportedFile {
  fileName: string;
  bytes: Uint8Array;
}

const enc = (s: string) => new TextEncoder().encode(s);

export async function exportData(
  db: SqlDriver,
  opts: ExportDataOptions,
): Promise<{ files: ExportedFile[]; bundle: ExportBundle }> {
  const bundle = gatherExport(db, opts);
  const stem = opts.stem ?? 'scilit-data';
  const lang = opts.lang ?? 'zh';
  const { dataset, notes } = bundle;
  const write: Record<DataFormat, () => Promise<Uint8Array> | Uint8Array> = {
    csv: () => writeCsv(dataset, { labels: opts.labels, lang }),
    sav: () => writeSav(dataset, notes),
    dta: () => writeDta(dataset),
    xlsx: () => writeXlsx(dataset, notes, { labels: opts.labels, lang }),
  };
  const files: ExportedFile[] = [{ fileName: `${stem}.${opts.format}`, bytes: await write[opts.format]() }];
  if (opts.syntax) {
    // The R script reads the coded CSV (base R reads it without packages beyond survey).
    if (opts.format !== 'csv' || opts.labels) files.push({ fileName: `${stem}.csv`, bytes: writeCsv(dataset) });
    files.push({ fileName: `${stem}.R`, bytes: enc(rSyntax(bundle, `${stem}.csv`, lang)) });
    files.push({ fileName: `${stem}.do`, bytes: enc(stataSyntax(bundle, `${stem}.dta`, lang)) });
    files.push({ fileName: `${stem}.sps`, bytes: enc(spssSyntax(bundle, `${stem}.sav`, lang)) });
  }
  return { files, bundle };
}
