import { expect } from 'vitest';
import { parseStoredForm } from '../../src/scoring/stored-form.ts';
import {
  currentPack,
  packFieldsOf,
  packFieldsStamp,
  packLookupReader,
  readAnswerPacks,
} from '../../src/store/answer-packs.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { finalInterviewStamps } from '../../src/store/scores.ts';

/**
 * Checks that every final interview of a form version has a current answer pack holding exactly its answers in the
 * answers table (empty answers count as none), and returns how many interviews it checked.
 */
export function expectCurrentPacks(db: SqlDriver, formId: string, version: string): number {
  const row = db.get<{ definition: string }>('SELECT definition FROM forms WHERE form_id = ? AND version = ?', [
    formId,
    version,
  ]);
  const form = parseStoredForm(row?.definition ?? '', formId, version);
  const fields = packFieldsOf(form);
  const packs = readAnswerPacks(db);
  const reader = packLookupReader(fields);
  const { keys, stamps } = finalInterviewStamps(db, formId, version);
  keys.forEach((key, k) => {
    const id = JSON.parse(key) as string;
    const packed = currentPack(packs.get(key), packFieldsStamp(fields), stamps[k] ?? '');
    expect(packed, `pack of ${id}`).toBeDefined();
    const answer = reader(packed ?? '');
    const fromPack = Object.fromEntries(fields.flatMap((f) => (answer(f) === undefined ? [] : [[f, answer(f)]])));
    const stored = db.all<{ field: string; value: string | null }>(
      "SELECT field, value FROM answers WHERE interview_id = ? AND value IS NOT NULL AND value != ''",
      [id],
    );
    expect(fromPack, `pack of ${id}`).toEqual(Object.fromEntries(stored.map((r) => [r.field, r.value])));
  });
  return keys.length;
}
