/**
 * A workbook made safe to hand to a reader that inflates whole parts (exceljs, through JSZip): every entry is
 * inflated here under a budget, and the reader gets a new ZIP of the inflated entries, stored uncompressed. What
 * it then reads is exactly what was measured, so no directory trick can make it inflate more.
 */
import { zipSync } from 'fflate';
import { isEncryptedOoxml, isOle2, passwordProtected } from './ole2.ts';
import { type InflateBudget, inflateEntry, MiB, ZipProblem, zipEntries } from './zip.ts';
import { xlsxProblem } from './zip-problems.ts';

/** Questionnaires are small (a 2,000-row XLSForm is about 1 MB of XML): 64 MB for all parts together. */
export const FORM_WORKBOOK_BYTES = 64 * MiB;

export function boundedWorkbook(bytes: Uint8Array, fileName = '', totalBytes = FORM_WORKBOOK_BYTES): Uint8Array {
  if (isOle2(bytes)) {
    if (isEncryptedOoxml(bytes)) throw passwordProtected();
    return bytes; // an .xls: its reader is not ZIP-based
  }
  try {
    const files: Record<string, [Uint8Array, { level: 0 }]> = {};
    let left = totalBytes;
    for (const entry of zipEntries(bytes).values()) {
      if (entry.name.endsWith('/')) continue;
      const budget: InflateBudget = { maxBytes: left, maxRatio: 100, ratioGrace: MiB };
      const parts: Uint8Array[] = [];
      for (const chunk of inflateEntry(bytes, entry, budget)) parts.push(chunk);
      const size = parts.reduce((n, p) => n + p.length, 0);
      left -= size;
      const whole = new Uint8Array(size);
      let o = 0;
      for (const p of parts) {
        whole.set(p, o);
        o += p.length;
      }
      files[entry.name] = [whole, { level: 0 }];
    }
    return zipSync(files);
  } catch (e) {
    if (e instanceof ZipProblem) {
      // Over the whole file's budget, the part that went over is the one named, with the file's total as the limit.
      throw xlsxProblem(e, fileName);
    }
    throw e;
  }
}
