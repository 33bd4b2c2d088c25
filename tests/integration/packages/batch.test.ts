import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, expect, test } from 'vitest';
import { importPackages, PackageError } from '../../../src/interchange/package/index.ts';
import { workerPackageReader } from '../../../src/node/package-reader.ts';
import { amend, content, exportPkg, importPkg, interview, newLaptop } from '../../helpers/field-laptops.ts';

const reader = workerPackageReader();
afterAll(() => reader.close());

// The office gets a stack of USB sticks at the end of the week and merges them in one go (the reader verifies
// the next package on a worker thread while this one is written): the database ends as if they had been
// imported one by one, a bad stick is refused on its own, and the connection's settings are as before.
test('a batch of packages merges like the same packages one by one; a tampered one is refused alone', async () => {
  const a = newLaptop('surveyor-a');
  const b = newLaptop('surveyor-b');
  const idsA = await interview(a.db, 'S01', 6, 1);
  await interview(b.db, 'S02', 5, 2);
  const first = await exportPkg(a.db);
  await amend(a.db, idsA[0] as string, { k1: 'dont_know' });
  const amended = await exportPkg(a.db);
  const fromB = await exportPkg(b.db);
  // Someone edits an answer on the stick: the package hash no longer matches.
  const files = unzipSync(fromB);
  files['data.json'] = strToU8(strFromU8(files['data.json'] as Uint8Array).replace('"S02"', '"S99"'));
  const tampered = zipSync(files);

  const oneByOne = newLaptop('office-1');
  for (const p of [amended, first, fromB]) expect(await importPkg(oneByOne.db, p)).toMatchObject({ ok: true });

  const office = newLaptop('office-2');
  const settings = () => [
    office.db.get('PRAGMA cache_size'),
    office.db.get('PRAGMA wal_autocheckpoint'),
    office.db.get('PRAGMA synchronous'),
  ];
  const before = settings();
  const results = await importPackages(
    office.db,
    [
      { bytes: amended, fileName: 'amended.scilitpkg' },
      { bytes: tampered, fileName: 'tampered.scilitpkg' },
      { bytes: first, fileName: 'first.scilitpkg' },
      { bytes: fromB, fileName: 'b.scilitpkg' },
      { bytes: amended, fileName: 'amended-again.scilitpkg' },
    ],
    { read: reader.read },
  );
  expect(results.map((r) => [r.fileName, r.ok])).toEqual([
    ['amended.scilitpkg', true],
    ['tampered.scilitpkg', false],
    ['first.scilitpkg', true],
    ['b.scilitpkg', true],
    ['amended-again.scilitpkg', true],
  ]);
  const refused = results[1];
  expect(refused?.ok === false && refused.error).toBeInstanceOf(PackageError);
  expect(refused?.ok === false && (refused.error as PackageError).code).toBe('tampered');
  expect(results[0]?.ok && results[0].summary).toMatchObject({ added: 6 });
  // The earlier export arrives after its amendment: the first interview's old revision is older, the rest equal.
  expect(results[2]?.ok && results[2].summary).toMatchObject({ added: 0, older: 1, identical: 5 });
  expect(results[3]?.ok && results[3].summary).toMatchObject({ added: 5 });
  expect(results[4]?.ok && results[4].summary).toMatchObject({ alreadyImported: true });

  expect(content(office.db)).toBe(content(oneByOne.db));
  // Commits in the stack wait for no disk write; the stack's own audit row, committed FULL, puts them all on disk.
  expect(settings()).toEqual(before);
  expect(before[2]).toEqual({ synchronous: 2 });
  const stacks = () =>
    office.db.all<{ detail: string }>("SELECT detail FROM audit_log WHERE action = 'package.importMany'");
  expect(stacks().map((r) => JSON.parse(r.detail))).toEqual([{ files: 5, merged: 4, refused: 1 }]);
  // The same stack again writes nothing, so it needs no audit row either.
  await importPackages(office.db, [{ bytes: first }, { bytes: fromB }], { read: reader.read });
  expect(stacks()).toHaveLength(1);
  expect(office.db.all('PRAGMA foreign_key_check')).toEqual([]);
});
