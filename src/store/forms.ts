import type { Form } from '../form/model.ts';
import { appendAudit, nowIso } from './audit.ts';
import type { SqlDriver } from './driver.ts';
import { StoreError } from './errors.ts';

export interface StoredFormRow {
  form_id: string;
  version: string;
  title: string;
  definition: string;
  definition_checksum: string;
  source_name: string | null;
  source_checksum: string | null;
  imported_at: string;
}

export interface PutForm {
  formId: string;
  version: string;
  title: string;
  /** The form model, serialized canonically by the caller. */
  definition: string;
  definitionChecksum: string;
  sourceName?: string | null;
  sourceChecksum?: string | null;
  sourceXlsx?: Uint8Array | null;
}

/**
 * Stores a form version. A published (form_id, version) is immutable: the same content again is a no-op
 * ('unchanged'), different content under the same version is refused.
 */
export function putForm(db: SqlDriver, f: PutForm): 'added' | 'unchanged' {
  return db.transaction(() => {
    const existing = db.get<{ definition_checksum: string }>(
      'SELECT definition_checksum FROM forms WHERE form_id = ? AND version = ?',
      [f.formId, f.version],
    );
    if (existing) {
      if (existing.definition_checksum === f.definitionChecksum) return 'unchanged';
      throw new StoreError(
        'conflict',
        `form ${f.formId} version ${f.version} is already stored with different content; ` +
          'a changed questionnaire needs a new version (settings sheet, column "version").',
      );
    }
    const at = nowIso();
    db.run(
      `INSERT INTO forms (form_id, version, title, definition, definition_checksum, source_name, source_checksum,
         source_xlsx, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        f.formId,
        f.version,
        f.title,
        f.definition,
        f.definitionChecksum,
        f.sourceName ?? null,
        f.sourceChecksum ?? null,
        f.sourceXlsx ?? null,
        at,
      ],
    );
    appendAudit(db, {
      action: 'form.import',
      entity: 'form',
      entityId: `${f.formId}@${f.version}`,
      at,
      detail: { source: f.sourceName ?? null },
    });
    return 'added';
  });
}

export function listForms(db: SqlDriver): Omit<StoredFormRow, 'definition'>[] {
  return db.all(
    `SELECT form_id, version, title, definition_checksum, source_name, source_checksum, imported_at
     FROM forms ORDER BY form_id, imported_at`,
  );
}

export function getFormRow(db: SqlDriver, formId: string, version?: string): StoredFormRow | undefined {
  return version === undefined
    ? db.get<StoredFormRow>('SELECT * FROM forms WHERE form_id = ? ORDER BY imported_at DESC, rowid DESC LIMIT 1', [
        formId,
      ])
    : db.get<StoredFormRow>('SELECT * FROM forms WHERE form_id = ? AND version = ?', [formId, version]);
}

/** The stored form model of a version (the newest imported version when `version` is omitted). */
export function getForm(db: SqlDriver, formId: string, version?: string): Form | undefined {
  const row = getFormRow(db, formId, version);
  return row ? (JSON.parse(row.definition) as Form) : undefined;
}

/** The original workbook a version was imported from, when it was kept. */
export function getFormSource(
  db: SqlDriver,
  formId: string,
  version: string,
): { name: string | null; bytes: Uint8Array } | undefined {
  const row = db.get<{ source_name: string | null; source_xlsx: Uint8Array | null }>(
    'SELECT source_name, source_xlsx FROM forms WHERE form_id = ? AND version = ?',
    [formId, version],
  );
  return row?.source_xlsx ? { name: row.source_name, bytes: new Uint8Array(row.source_xlsx) } : undefined;
}
