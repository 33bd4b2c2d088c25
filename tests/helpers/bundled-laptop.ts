// A field laptop with the bundled questionnaire: its own database, interviews entered through dispatch() as the
// app does, and the field package it sends to the office.
import { join } from 'node:path';
import { openDatabase } from '../../db/sqlite.ts';
import { dispatch } from '../../src/api/dispatch.ts';
import { ensureBundledForm } from '../../src/node/bundled-form.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { tempDir } from './tmp.ts';

export const BUNDLED_FORM = { formId: 'civic_science_literacy', formVersion: '2025.1' };

async function call<T>(db: SqlDriver, name: string, args: unknown): Promise<T> {
  const r = await dispatch({ db }, name, args);
  if (!r.ok) throw new Error(`${name}: ${r.error.code}: ${r.error.message}`);
  return r.result as T;
}

/** `n` finished interviews by `surveyor` in `region`; returns the laptop's package (bytes). */
export async function laptopPackage(surveyor: string, region: string, n: number): Promise<Buffer> {
  const db = openDatabase(join(tempDir(`scilit-laptop-${surveyor}-`), 'laptop.sqlite'), { create: true });
  await ensureBundledForm(db);
  for (let i = 0; i < n; i++) {
    const iv = await call<{ interview_id: string }>(db, 'interview/start', {
      ...BUNDLED_FORM,
      surveyor,
      device: `${surveyor}-laptop`,
      regionCode: region,
      psu: `${region}-C01`,
    });
    for (const [field, value] of Object.entries({ age: String(30 + i), sex: 'female', education: 'junior' })) {
      await call(db, 'interview/saveAnswer', { interviewId: iv.interview_id, field, value });
    }
    await call(db, 'interview/finalize', { interviewId: iv.interview_id });
  }
  const r = await call<{ dataBase64: string }>(db, 'package/export', {});
  db.close();
  return Buffer.from(r.dataBase64, 'base64');
}
