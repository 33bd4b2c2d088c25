import { appendAudit, nowIso } from './audit.ts';
import type { SqlDriver } from './driver.ts';

/** A stored scoring scheme: its definition is the scheme's canonical JSON (see src/scoring/scheme.ts). */
export interface StoredScheme {
  scheme_id: string;
  name: string;
  definition: string;
  created_at: string;
}

/**
 * Stores a scheme. Saving the same id with a new definition replaces it (the old definition goes to the audit
 * log) and makes the stored scores of that scheme stale: score_sets' hash no longer matches.
 */
export function putScheme(
  db: SqlDriver,
  s: { id: string; name: string; definition: string },
): 'added' | 'unchanged' | 'changed' {
  return db.transaction(() => {
    const old = db.get<StoredScheme>('SELECT * FROM scoring_schemes WHERE scheme_id = ?', [s.id]);
    if (old && old.definition === s.definition && old.name === s.name) return 'unchanged';
    const at = nowIso();
    if (old) {
      db.run('UPDATE scoring_schemes SET name = ?, definition = ? WHERE scheme_id = ?', [s.name, s.definition, s.id]);
    } else {
      db.run('INSERT INTO scoring_schemes (scheme_id, name, definition, created_at) VALUES (?, ?, ?, ?)', [
        s.id,
        s.name,
        s.definition,
        at,
      ]);
    }
    appendAudit(db, {
      action: old ? 'scheme.change' : 'scheme.add',
      entity: 'scoring_scheme',
      entityId: s.id,
      at,
      detail: old ? { from: JSON.parse(old.definition), name: old.name } : undefined,
    });
    return old ? 'changed' : 'added';
  });
}

export function getSchemeRow(db: SqlDriver, schemeId: string): StoredScheme | undefined {
  return db.get<StoredScheme>('SELECT * FROM scoring_schemes WHERE scheme_id = ?', [schemeId]);
}

export function listSchemeRows(db: SqlDriver): StoredScheme[] {
  return db.all<StoredScheme>('SELECT * FROM scoring_schemes ORDER BY created_at, scheme_id');
}
