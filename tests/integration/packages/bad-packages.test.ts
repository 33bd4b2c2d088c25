import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { generateOfficeKeys } from '../../../src/interchange/package/index.ts';
import { everything, exportPkg, importPkg, interview, newLaptop } from '../../helpers/field-laptops.ts';

type Files = Record<string, Uint8Array>;
const rezip = (pkg: Uint8Array, change: (files: Files) => void): Uint8Array => {
  const files = unzipSync(pkg);
  change(files);
  return zipSync(files);
};
const editJson = (files: Files, name: string, change: (o: Record<string, unknown>) => void) => {
  const o = JSON.parse(strFromU8(files[name] as Uint8Array));
  change(o);
  files[name] = strToU8(JSON.stringify(o));
};

let plain: Uint8Array;
let sealed: Uint8Array;
let keys: { publicPem: string; privatePem: string };
let otherKeys: { publicPem: string; privatePem: string };

beforeAll(async () => {
  const laptop = newLaptop('surveyor');
  await interview(laptop.db, 'S07', 4);
  keys = await generateOfficeKeys();
  otherKeys = await generateOfficeKeys();
  plain = await exportPkg(laptop.db);
  sealed = await exportPkg(laptop.db, { publicKeyPem: keys.publicPem });
});

describe('a package that must not be imported is refused with a clear message, and the database is unchanged', () => {
  const cases: [string, () => Uint8Array, RegExp, string?][] = [
    ['an empty file', () => new Uint8Array(0), /damaged or truncated/],
    ['a text file named .scilitpkg', () => strToU8('instanceID,age\nuuid:1,34\n'), /damaged or truncated/],
    ['a truncated package', () => plain.subarray(0, Math.floor(plain.length * 0.6)), /damaged or truncated|incomplete/],
    [
      'a package with bytes flipped in the middle',
      () => {
        const b = plain.slice();
        for (let i = Math.floor(b.length / 3); i < Math.floor(b.length / 3) + 40; i++) b[i] = (b[i] as number) ^ 0xff;
        return b;
      },
      /damaged|integrity|altered/,
    ],
    [
      'a tampered answer (content no longer matches its hash)',
      () =>
        rezip(plain, (f) =>
          editJson(f, 'data.json', (o) => {
            const first = (o.interviews as { version: { answers: unknown[][] } }[])[0];
            (first?.version.answers[0] as unknown[])[1] = '99';
          }),
        ),
      /integrity check/,
    ],
    [
      'a tampered answer with the package hash recomputed (the interview hash still catches it)',
      () => {
        let out = plain;
        out = rezip(plain, (f) => {
          editJson(f, 'data.json', (o) => {
            const first = (o.interviews as { version: { answers: unknown[][] } }[])[0];
            (first?.version.answers[0] as unknown[])[1] = '99';
          });
          const json = f['data.json'] as Uint8Array;
          const sha = createHash('sha256').update(json).digest('hex');
          editJson(f, 'manifest.json', (m) => {
            (m.payload as { sha256: string }).sha256 = sha;
          });
        });
        return out;
      },
      /does not match its recorded hash/,
    ],
    [
      'an interview carrying a field scilit never writes, with the package hash recomputed',
      () =>
        rezip(plain, (f) => {
          editJson(f, 'data.json', (o) => {
            const first = (o.interviews as { version: Record<string, unknown> }[])[0];
            if (first) first.version.smuggled = 'x';
          });
          const sha = createHash('sha256')
            .update(f['data.json'] as Uint8Array)
            .digest('hex');
          editJson(f, 'manifest.json', (m) => {
            (m.payload as { sha256: string }).sha256 = sha;
          });
        }),
      /not a valid package/,
    ],
    ['no manifest', () => rezip(plain, (f) => delete f['manifest.json']), /no manifest/],
    ['no data', () => rezip(plain, (f) => delete f['data.json']), /incomplete/],
    [
      'a package from a newer scilit (database schema)',
      () => rezip(plain, (f) => editJson(f, 'manifest.json', (m) => (m.schemaVersion = 99))),
      /newer scilit/,
    ],
    [
      'a package from a newer scilit (package format)',
      () => rezip(plain, (f) => editJson(f, 'manifest.json', (m) => (m.formatVersion = 7))),
      /newer scilit/,
    ],
    [
      'an interview of a form version that is neither here nor in the package',
      () =>
        rezip(plain, (f) => {
          editJson(f, 'data.json', (o) => (o.forms = []));
          const sha = createHash('sha256')
            .update(f['data.json'] as Uint8Array)
            .digest('hex');
          editJson(f, 'manifest.json', (m) => ((m.payload as { sha256: string }).sha256 = sha));
        }),
      /neither in this database nor in the package/,
      'fresh',
    ],
    ['an encrypted package without the key', () => sealed, /encrypted to the office key/],
    ['an encrypted package with another office’s key', () => sealed, /another office key/, 'wrong-key'],
    [
      'an encrypted package whose ciphertext was altered',
      () =>
        rezip(sealed, (f) => {
          const enc = (f['data.json.enc'] as Uint8Array).slice();
          enc[10] = (enc[10] as number) ^ 1;
          f['data.json.enc'] = enc;
        }),
      /altered or damaged/,
      'right-key',
    ],
  ];

  for (const [what, make, message, mode] of cases) {
    test(what, async () => {
      const office = mode === 'fresh' ? newLaptop('office-without-form') : newLaptop('office');
      if (mode === 'fresh') office.db.run("DELETE FROM forms WHERE form_id = 'csl_test'");
      const before = everything(office.db);
      const key = mode === 'wrong-key' ? otherKeys.privatePem : mode === 'right-key' ? keys.privatePem : undefined;
      const r = await importPkg(office.db, make(), key);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(message);
      expect(everything(office.db)).toBe(before);
    });
  }
});

describe('encryption to the office key', () => {
  test('an encrypted package reveals no answer without the key, and imports with it', async () => {
    const files = unzipSync(sealed);
    expect(Object.keys(files).sort()).toEqual(['data.json.enc', 'manifest.json']);
    const manifest = strFromU8(files['manifest.json'] as Uint8Array);
    expect(manifest).not.toMatch(/S07/); // surveyor ids travel inside the encrypted part only
    // The plain package's answers (e.g. the surveyor's code and the answer values) appear in it; the sealed one's
    // bytes never contain them.
    expect(strFromU8(unzipSync(plain)['data.json'] as Uint8Array)).toMatch(/S07/);
    expect(Buffer.from(sealed).includes(Buffer.from('S07'))).toBe(false);

    const office = newLaptop('office');
    const r = await importPkg(office.db, sealed, keys.privatePem);
    expect(r).toMatchObject({ ok: true, result: { added: 4 } });
  });
});
