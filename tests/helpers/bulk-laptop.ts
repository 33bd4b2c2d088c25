// Fills a laptop database fast, for scale tests and benchmarks of merging (the field path, one answer per call,
// is covered elsewhere). Values vary with the seed so that every laptop's interviews differ.
import { join } from 'node:path';
import { openDatabase } from '../../db/sqlite.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { putForm } from '../../src/store/forms.ts';

/** The same test form as tests/helpers/field-laptops.ts (that module pulls in the whole API; this one stays light). */
const FORM = { formId: 'csl_test', formVersion: '1' };

import { tempDir } from './tmp.ts';

export function bulkLaptop(name: string, interviews: number, fieldsPerInterview: number, seed: number): SqlDriver {
  const db = openDatabase(join(tempDir(`scilit-${name}-`), `${name}.sqlite`), { create: true });
  putForm(db, {
    formId: FORM.formId,
    version: FORM.formVersion,
    title: 'test form',
    definition: '{"fields":["age","sex","k1","k2"]}',
    definitionChecksum: 'csl-test-1',
  });
  const at = new Date(Date.UTC(2026, 10, 1, 8)).toISOString();
  const iv = db.prepare(
    `INSERT INTO interviews (interview_id, form_id, form_version, surveyor, device, region_code, psu, status,
       started_at, updated_at, finalized_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'final', ?, ?, ?)`,
  );
  const ans = db.prepare('INSERT INTO answers (interview_id, field, value, answered_at) VALUES (?, ?, ?, ?)');
  const audit = db.prepare(
    `INSERT INTO audit_log (audit_uuid, at, actor, device, action, entity, entity_id, interview_key)
     VALUES (?, ?, ?, ?, ?, 'interview', ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < interviews; i++) {
      const id = crypto.randomUUID();
      const surveyor = `S${seed}`;
      const key = iv.run([
        id,
        FORM.formId,
        FORM.formVersion,
        surveyor,
        `${name}`,
        `R${i % 12}`,
        `P${i % 40}`,
        at,
        at,
        at,
      ]).lastInsertRowid;
      for (let f = 0; f < fieldsPerInterview; f++) ans.run([id, `q${f}`, String((i * 31 + f * 7 + seed) % 5), at]);
      audit.run([crypto.randomUUID(), at, surveyor, name, 'interview.start', id, key]);
      audit.run([crypto.randomUUID(), at, surveyor, name, 'interview.finalize', id, key]);
    }
  });
  return db;
}
