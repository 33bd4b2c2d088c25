// An office import is written in slices (src/store/staged-batch.ts) so that saves never wait behind it; it must
// still be all or nothing. The clerk's laptop loses power (SIGKILL) at random moments of `scilit import responses`:
// when the database is next opened it holds exactly what it held before, or the whole file.
import { spawn } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { checkDatabase, openDatabase } from '../../../db/sqlite.ts';
import { importResponses } from '../../../src/interchange/responses/index.ts';
import { sheet } from '../../fixtures/interchange/files.ts';
import { databaseFingerprint, newDatabase } from '../../fixtures/interchange/forms.ts';
import { tempDir } from '../../helpers/tmp.ts';

const importer = fileURLToPath(new URL('../../helpers/office-importer.ts', import.meta.url));

test('an office import killed at random moments leaves the database as before it, or completely imported', async () => {
  const dir = tempDir('scilit-office-kill-');
  const rows: (string | number)[][] = [['instanceID', 'age', 'sex', 'region']];
  for (let i = 0; i < 12_000; i++) rows.push([`k-${i}`, 18 + (i % 50), i % 2 ? 'male' : 'female', `3201${i % 10}`]);
  const file = join(dir, 'office.xlsx');
  const bytes = await sheet(rows);
  writeFileSync(file, bytes);

  const seed = newDatabase(join(dir, 'seed.sqlite'));
  await importResponses(seed, new TextEncoder().encode('instanceID,age,sex\nkept-1,30,male\n'), {
    fileName: 'seed.csv',
    formId: 'office_test',
  });
  const before = databaseFingerprint(seed);
  seed.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  seed.close();
  const count = (db: ReturnType<typeof openDatabase>) =>
    db.get<{ n: number }>("SELECT count(*) AS n FROM interviews WHERE interview_id LIKE 'k-%'")?.n ?? -1;

  // How long the whole import takes here, to spread the kills over it.
  const timed = join(dir, 'timed.sqlite');
  copyFileSync(join(dir, 'seed.sqlite'), timed);
  const t0 = Date.now();
  await run(timed, file);
  const took = Date.now() - t0;

  const seen = { before: 0, after: 0 };
  for (let k = 0; k < 6; k++) {
    const db = join(dir, `office-${k}.sqlite`);
    copyFileSync(join(dir, 'seed.sqlite'), db);
    await run(db, file, took * (0.15 + (0.6 * k) / 6));
    const conn = openDatabase(db); // opening removes what a dead writer left unfinished
    expect(checkDatabase(db).problems).toEqual([]);
    const n = count(conn);
    if (n === 0) {
      expect(databaseFingerprint(conn)).toBe(before);
      seen.before++;
    } else {
      expect(n).toBe(12_000);
      expect(conn.get<{ n: number }>("SELECT count(*) AS n FROM interviews WHERE status = 'draft'")?.n).toBe(0);
      seen.after++;
    }
    conn.close();
  }
  console.log(`office import killed 6 times over ${took} ms: ${seen.before} left as before, ${seen.after} complete`);
  // The kills must have landed mid-import at least once, or the test proves nothing.
  expect(seen.before).toBeGreaterThan(0);
}, 600_000);

/** Runs the CLI import; with `killAfterMs`, SIGKILLs it then. */
async function run(db: string, file: string, killAfterMs?: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', importer, db, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve) =>
    child.stdout.on('data', (d: Buffer) => d.toString().includes('READY') && resolve()),
  );
  if (killAfterMs !== undefined) {
    await new Promise((r) => setTimeout(r, killAfterMs));
    child.kill('SIGKILL');
  }
  await exited;
}
