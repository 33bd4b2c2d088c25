/**
 * Storing rows while the file is still being read: a writer on a connection of its own (a worker thread's, see
 * src/node/import-store.ts) stores each checked batch as it arrives, in slices (src/store/staged-batch.ts). Whether
 * the file has errors is known only at the end: then the batch is published, or removed and nothing is stored.
 * Same rules as commitResponses: rows already stored with the same answers are skipped, an id stored with other
 * answers is a conflict and never overwritten, and the batch row carries the final counts.
 */

import { packFieldsStamp, packFromJoined } from '../../store/answer-packs.ts';
import type { SqlDriver } from '../../store/driver.ts';
import { importedInterviewWriter } from '../../store/imports.ts';
import { inSlices, type StagedBatch, startStagedBatch } from '../../store/staged-batch.ts';
import { type ImportResult, importResultOf, type PlannedRow, planRow } from './commit.ts';
import type { PreparedImport, PreparedRow } from './prepare.ts';
import { ImportCancelled, SEP } from './shared.ts';

/** What the writer knows before the first row: the form and the file. */
export interface StreamHead {
  formId: string;
  formVersion: string;
  fieldOrder: string[];
  fileName: string;
  fileChecksum: string;
}

/** Where checked rows go during the read; implemented over a worker (node) or absent (rows held, then stored). */
export interface ResponseSink {
  /** Stores a batch of checked rows (resolves once it has been taken, to keep the queue short). */
  add(rows: PreparedRow[]): Promise<void> | void;
  /** Commits (no errors and something new) or rolls back, and says what happened. */
  finish(p: PreparedImport): Promise<ImportResult>;
  /** Rolls back (cancel, failure). */
  abort(): Promise<void>;
}

export type ResponseSinkFactory = (dbPath: string, head: StreamHead) => Promise<ResponseSink | undefined>;

let sinkFactory: ResponseSinkFactory | undefined;
/** Below this size a second thread costs more to start than it saves (a 10,000-row workbook is ~1.8 MB). */
let minBytes = 4 << 20;

/** Node code registers how to store on another thread; without one, rows are held and stored at the end. */
export function storeResponsesWith(factory: ResponseSinkFactory | undefined, opts: { minBytes?: number } = {}): void {
  sinkFactory = factory;
  if (opts.minBytes !== undefined) minBytes = opts.minBytes;
}

/** The registered store thread, when the file is large enough to be worth one. */
export function responseSinkFactory(fileBytes: number): ResponseSinkFactory | undefined {
  return fileBytes >= minBytes ? sinkFactory : undefined;
}

/**
 * Ids for rows without one, in increasing order (UUID version 7: milliseconds, a counter, random bits), so that
 * the interviews and answers B-trees are appended to instead of split all over as random ids would.
 */
export function orderedIds(): () => string {
  let ms = Date.now();
  let seq = 0;
  const tail = crypto.getRandomValues(new Uint8Array(8));
  tail[0] = (tail[0]! & 0x3f) | 0x80;
  let rand = '';
  for (const b of tail) rand += b.toString(16).padStart(2, '0');
  const rest = `${rand.slice(0, 4)}-${rand.slice(4)}`;
  return () => {
    if (seq === 4096) {
      seq = 0;
      ms++;
    }
    const t = ms.toString(16).padStart(12, '0');
    const id = `${t.slice(0, 8)}-${t.slice(8)}-7${seq.toString(16).padStart(3, '0')}-${rest}`;
    seq++;
    return id;
  };
}

/**
 * The writer: rows stored as they come, in slices (src/store/staged-batch.ts: short transactions, interviews as
 * drafts of an unfinished batch, so that a surveyor's save never waits behind the import); rows without an id at
 * once, in id order; rows with the file's own ids held and stored sorted at the end. finish() publishes the batch
 * (all rows final, the batch row completed) or removes everything it wrote; abort() removes it.
 */
export function streamingWriter(db: SqlDriver, head: StreamHead) {
  const fkWasOn = db.get<{ foreign_keys: number }>('PRAGMA foreign_keys')?.foreign_keys === 1;
  // Every parent row is written before its children; see withoutForeignKeyChecks. Slices are committed with the
  // connection's synchronous=FULL although a crash removes them anyway: a slice left unsynced would be flushed by
  // the next save's fsync (one WAL for all), and that save would wait for the import's pages to reach the disk.
  if (fkWasOn) db.exec('PRAGMA foreign_keys = OFF');
  let open = true;
  const restore = () => {
    if (!open) return;
    open = false;
    if (fkWasOn) db.exec('PRAGMA foreign_keys = ON');
  };
  const batchId = crypto.randomUUID();
  let staged: StagedBatch;
  try {
    staged = startStagedBatch(db, {
      batchId,
      fileName: head.fileName,
      formId: head.formId,
      formVersion: head.formVersion,
      owner: db.writerId?.() ?? 'unknown',
    });
  } catch (e) {
    restore();
    throw e;
  }
  // head.fieldOrder is packFieldsOf(form) (storedFieldOrder): a row's joined answers are its pack.
  const write = importedInterviewWriter(db, { packPrefix: packFieldsStamp(head.fieldOrder), status: 'draft' });
  const nextId = orderedIds();
  const byName = head.fieldOrder.map((_, i) => i).sort((a, b) => (head.fieldOrder[a]! < head.fieldOrder[b]! ? -1 : 1));
  const regionAt = head.fieldOrder.indexOf('region');
  const hashes: { map?: Map<string, string[]> } = {};
  const held: PreparedRow[] = [];
  const conflicts: PlannedRow[] = [];
  let added = 0;
  let skipped = 0;
  const answers: string[] = [];

  const store = (id: string, row: PreparedRow) => {
    // The prepared JSON of the answers when the reader made one, else the flat field/value list from the row.
    answers.length = 0;
    if (row.answers === undefined) {
      const values = row.packed.split(SEP);
      for (const i of byName) if (values[i]) answers.push(head.fieldOrder[i]!, values[i]!);
    }
    staged.wrote(
      write({
        interviewId: id,
        formId: head.formId,
        formVersion: head.formVersion,
        batchId,
        contentHash: row.contentHash,
        regionCode: regionAt >= 0 ? nth(row.packed, regionAt) || null : null,
        ...row.meta,
        answers,
        answersJson: row.answers,
        pack: packFromJoined(row.packed),
      }),
    );
  };
  const discard = () => {
    if (!open) return;
    try {
      staged.discard();
    } finally {
      restore();
    }
  };

  return {
    add(rows: PreparedRow[]): void {
      try {
        inSlices(db, rows, (row) => {
          const planned = planRow(db, head, row, hashes);
          if (planned.action === 'skip') skipped++;
          else if (planned.action === 'conflict') conflicts.push(planned);
          else {
            added++;
            if (row.id) held.push(row);
            else store(nextId(), row);
          }
        });
      } catch (e) {
        discard();
        throw e;
      }
    },
    finish(p: PreparedImport, cancelled = false): ImportResult {
      try {
        if (cancelled) throw new ImportCancelled();
        const found = conflicts.map((x) => ({ row: x.row.row, interviewId: x.row.id!, fields: x.fields ?? [] }));
        const result = importResultOf(p, { added, skipped, conflicts: found });
        if (result.status !== 'imported') {
          discard();
          return result;
        }
        held.sort((a, b) => (a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : 0));
        inSlices(db, held, (row) => store(row.id!, row));
        staged.publish({
          batchId,
          kind: 'responses',
          fileName: p.fileName,
          fileChecksum: p.fileChecksum,
          formId: p.formId,
          formVersion: p.formVersion,
          rowsTotal: p.rowsTotal,
          rowsAdded: added,
          rowsSkipped: skipped,
          rowsConflict: found.length,
          detail: { sheet: p.sheet, encoding: p.encoding, mapping: p.mapping, conflicts: found.slice(0, 1000) },
        });
        restore();
        return { ...result, batchId };
      } finally {
        discard();
      }
    },
    abort(): void {
      discard();
    },
  };
}

/** The k-th value of a packed row, without splitting all of it. */
function nth(packed: string, k: number): string {
  let start = 0;
  for (let i = 0; i < k; i++) {
    start = packed.indexOf(SEP, start) + 1;
    if (start === 0) return '';
  }
  const end = packed.indexOf(SEP, start);
  return end < 0 ? packed.slice(start) : packed.slice(start, end);
}

export type StreamingWriter = ReturnType<typeof streamingWriter>;
