import { appendAudit, nowIso } from './audit.ts';
import type { SqlDriver } from './driver.ts';
import { StoreError } from './errors.ts';

/**
 * Population target sets (methodology.md §2.5): rows of (variables, categories, population), where
 * `variables` and `categories` are JSON arrays of equal length — one variable for a margin ("sex" = "male"),
 * several for a cell of a cross-classification ("sex","age_group" = "male","20-24").
 */
export interface PopulationTarget {
  variables: string[];
  categories: string[];
  population: number;
}

export interface TargetSetInfo {
  targetSetId: string;
  name: string;
  source: string | null;
  createdAt: string;
  rows: number;
  /** The distinct variable lists of its rows (each a margin or a cross-classification), sorted. */
  tables: string[][];
  /** Population of each table (Σ of its rows), aligned with `tables`. */
  totals: number[];
}

export interface SaveTargetSet {
  name: string;
  source?: string | null;
  targets: readonly PopulationTarget[];
  /** Replace a set of the same name (its rows are rewritten); otherwise a name in use is a conflict. */
  replace?: boolean;
}

function checkTarget(t: PopulationTarget, k: number, name: string): void {
  const where = `target set "${name}", row ${k + 1}`;
  if (t.variables.length === 0 || t.variables.length !== t.categories.length) {
    throw new StoreError(
      'invalid_argument',
      `${where}: ${t.variables.length} variables for ${t.categories.length} categories.`,
    );
  }
  if (!(Number.isFinite(t.population) && t.population >= 0)) {
    throw new StoreError('invalid_argument', `${where}: population ${t.population} is not a count ≥ 0.`);
  }
}

/** Stores a target set and its rows in one transaction (with an audit row); returns its id. */
export function saveTargetSet(db: SqlDriver, s: SaveTargetSet): { targetSetId: string; rows: number } {
  return db.transaction(() => {
    const existing = db.get<{ target_set_id: string }>('SELECT target_set_id FROM target_sets WHERE name = ?', [
      s.name,
    ]);
    if (existing && !s.replace) {
      throw new StoreError('conflict', `a target set named "${s.name}" already exists.`);
    }
    const targetSetId = existing?.target_set_id ?? crypto.randomUUID();
    const at = nowIso();
    if (existing) {
      db.run('DELETE FROM population_targets WHERE target_set_id = ?', [targetSetId]);
      db.run('UPDATE target_sets SET source = ?, created_at = ? WHERE target_set_id = ?', [
        s.source ?? null,
        at,
        targetSetId,
      ]);
    } else {
      db.run('INSERT INTO target_sets (target_set_id, name, source, created_at) VALUES (?, ?, ?, ?)', [
        targetSetId,
        s.name,
        s.source ?? null,
        at,
      ]);
    }
    const insert = db.prepare(
      'INSERT INTO population_targets (target_set_id, variables, categories, population) VALUES (?, ?, ?, ?)',
    );
    const seen = new Set<string>();
    s.targets.forEach((t, k) => {
      checkTarget(t, k, s.name);
      const variables = JSON.stringify(t.variables);
      const categories = JSON.stringify(t.categories);
      const key = `${variables}\u0000${categories}`;
      if (seen.has(key)) {
        throw new StoreError(
          'invalid_argument',
          `target set "${s.name}": ${t.variables.join(' × ')} = ${t.categories.join(' × ')} is given twice.`,
        );
      }
      seen.add(key);
      insert.run([targetSetId, variables, categories, t.population]);
    });
    appendAudit(db, {
      action: existing ? 'targets.replace' : 'targets.save',
      entity: 'target_set',
      entityId: targetSetId,
      at,
      detail: { name: s.name, source: s.source ?? null, rows: s.targets.length },
    });
    return { targetSetId, rows: s.targets.length };
  });
}

interface TargetSetRow {
  target_set_id: string;
  name: string;
  source: string | null;
  created_at: string;
}

/** A target set by id or by name. */
export function findTargetSet(db: SqlDriver, idOrName: string): TargetSetRow | undefined {
  return db.get<TargetSetRow>(
    'SELECT target_set_id, name, source, created_at FROM target_sets WHERE target_set_id = ? OR name = ? LIMIT 1',
    [idOrName, idOrName],
  );
}

/** The rows of a target set (by id or name); a set that does not exist is a not_found error. */
export function getTargets(db: SqlDriver, idOrName: string): { set: TargetSetRow; targets: PopulationTarget[] } {
  const set = findTargetSet(db, idOrName);
  if (!set) throw new StoreError('not_found', `no target set "${idOrName}" in this database.`);
  const targets = db
    .all<{ variables: string; categories: string; population: number }>(
      `SELECT variables, categories, population FROM population_targets WHERE target_set_id = ?
       ORDER BY variables, categories`,
      [set.target_set_id],
    )
    .map((r) => ({
      variables: JSON.parse(r.variables) as string[],
      categories: JSON.parse(r.categories) as string[],
      population: r.population,
    }));
  return { set, targets };
}

/** Every target set with the tables (margins or cells) it holds. */
export function listTargetSets(db: SqlDriver): TargetSetInfo[] {
  const sets = db.all<TargetSetRow>('SELECT target_set_id, name, source, created_at FROM target_sets ORDER BY name');
  const tables = db.all<{ target_set_id: string; variables: string; rows: number; total: number }>(
    `SELECT target_set_id, variables, count(*) AS rows, sum(population) AS total FROM population_targets
     GROUP BY target_set_id, variables ORDER BY target_set_id, variables`,
  );
  return sets.map((s) => {
    const mine = tables.filter((t) => t.target_set_id === s.target_set_id);
    return {
      targetSetId: s.target_set_id,
      name: s.name,
      source: s.source,
      createdAt: s.created_at,
      rows: mine.reduce((a, t) => a + t.rows, 0),
      tables: mine.map((t) => JSON.parse(t.variables) as string[]),
      totals: mine.map((t) => t.total),
    };
  });
}
