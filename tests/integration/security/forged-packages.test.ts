// Findings 4 and 5 of the attack review (issue 21) and issue 16's signed packages. A package "from laptop B"
// carrying a revision 2 of laptop A's final interview was accepted as newer (surveyor, device and an answer
// replaced, no conflict): anyone holding an unencrypted package could forge one, since hashes can be recomputed.
// An encrypted package's clear manifest could be edited (device, dates, counts) and was accepted. Now laptops sign
// their packages (Ed25519) with keys the office registered, the encryption covers the manifest, and a revision
// from a laptop other than the interview's own is a conflict unless the office allowed that laptop.
import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { dispatch } from '../../../src/api/dispatch.ts';
import { versionHash } from '../../../src/interchange/package/content.ts';
import { generateOfficeKeys } from '../../../src/interchange/package/index.ts';
import { manifestBytes, signBytes } from '../../../src/interchange/package/signing.ts';
import type { SqlDriver } from '../../../src/store/driver.ts';
import type { InterviewVersion } from '../../../src/store/interview-versions.ts';
import { everything, exportPkg, importPkg, interview, newLaptop } from '../../helpers/field-laptops.ts';

type Files = Record<string, Uint8Array>;
type Payload = { interviews: { hash: string; version: InterviewVersion; audit: unknown[] }[]; forms: unknown[] };

async function call<T>(db: SqlDriver, name: string, args: unknown): Promise<T> {
  const r = await dispatch({ db }, name, args);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.result as T;
}

let laptopA: ReturnType<typeof newLaptop>;
let laptopB: ReturnType<typeof newLaptop>;
let keyA: { deviceId: string; publicKey: string };
let keyB: { deviceId: string; publicKey: string };
let privateB: string;
let pkgA: Uint8Array;
let pkgB: Uint8Array;
let idA: string;

beforeAll(async () => {
  laptopA = newLaptop('laptop-A');
  laptopB = newLaptop('laptop-B');
  idA = (await interview(laptopA.db, 'S01', 2))[0]!; // device "S01-laptop"
  await interview(laptopB.db, 'S02', 1, 5); // device "S02-laptop"
  keyA = await call(laptopA.db, 'keys/device', { deviceId: 'S01-laptop' });
  keyB = await call(laptopB.db, 'keys/device', { deviceId: 'S02-laptop' });
  privateB = laptopB.db.get<{ private_key: string }>('SELECT private_key FROM device_identity')!.private_key;
  pkgA = await exportPkg(laptopA.db);
  pkgB = await exportPkg(laptopB.db);
});

/** An office that registered both laptops and merged A's package. */
async function office(merged: Uint8Array[] = [pkgA]) {
  const o = newLaptop('office');
  await call(o.db, 'keys/register', keyA);
  await call(o.db, 'keys/register', keyB);
  for (const p of merged) expect((await importPkg(o.db, p)).ok).toBe(true);
  return o;
}

/** The forger's edit: revision 2 of A's interview, surveyor, device and an answer replaced, every hash recomputed. */
async function forge(device: string): Promise<{ files: Files; manifest: Record<string, unknown> }> {
  const files = unzipSync(pkgA);
  const payload = JSON.parse(strFromU8(files['data.json']!)) as Payload;
  const item = payload.interviews.find((i) => i.version.interview_id === idA)!;
  const v = item.version;
  item.version = {
    ...v,
    revision: 2,
    ancestors: [item.hash],
    surveyor: 'S02',
    device,
    answers: v.answers.map((a) => (a[0] === 'age' ? ['age', '99', a[2], a[3]] : a)) as never,
  };
  item.hash = await versionHash(item.version);
  payload.interviews = [item];
  files['data.json'] = strToU8(JSON.stringify(payload));
  const manifest = JSON.parse(strFromU8(files['manifest.json']!));
  manifest.payload.sha256 = createHash('sha256').update(files['data.json']).digest('hex');
  manifest.counts.interviews = 1;
  return { files, manifest };
}
const pack = (files: Files, manifest: Record<string, unknown>) =>
  zipSync({ ...files, 'manifest.json': strToU8(JSON.stringify(manifest)) });

describe('a forged revision of another laptop’s interview is never taken as newer', () => {
  test('hashes recomputed, A’s signature kept: refused, the database unchanged', async () => {
    const o = await office();
    const before = everything(o.db);
    const { files, manifest } = await forge('S02-laptop');
    const r = await importPkg(o.db, pack(files, manifest));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('bad_signature');
      expect(r.error.message).toMatch(/签名后被改动过/);
    }
    expect(everything(o.db)).toBe(before);
  });

  test('the signature stripped: an office with registered laptops refuses an unsigned package', async () => {
    const o = await office();
    const before = everything(o.db);
    const { files, manifest } = await forge('S02-laptop');
    delete manifest.signature;
    const r = await importPkg(o.db, pack(files, manifest));
    expect(r.ok || r.error.code).toBe('unsigned');
    expect(everything(o.db)).toBe(before);
  });

  test('re-signed by laptop B (registered) but claiming A’s device: refused', async () => {
    const o = await office();
    const before = everything(o.db);
    const { files, manifest } = await forge('S01-laptop');
    manifest.signature = { scheme: 'Ed25519', deviceId: keyB.deviceId, publicKey: keyB.publicKey, value: '' };
    (manifest.signature as { value: string }).value = await signBytes(manifestBytes(manifest), privateB);
    const r = await importPkg(o.db, pack(files, manifest));
    expect(r.ok || r.error.code).toBe('foreign_interview');
    expect(everything(o.db)).toBe(before);
  });

  test('re-signed by laptop B under its own name: kept as a conflict beside A’s version, in either order', async () => {
    const { files, manifest } = await forge('S02-laptop');
    manifest.signature = { scheme: 'Ed25519', deviceId: keyB.deviceId, publicKey: keyB.publicKey, value: '' };
    (manifest.signature as { value: string }).value = await signBytes(manifestBytes(manifest), privateB);
    const forged = pack(files, manifest);
    for (const order of [
      [pkgA, forged],
      [forged, pkgA],
    ]) {
      const o = await office([]);
      for (const p of order) expect((await importPkg(o.db, p)).ok).toBe(true);
      const row = o.db.get<{ in_conflict: number }>('SELECT in_conflict FROM interviews WHERE interview_id = ?', [idA]);
      expect(row?.in_conflict).toBe(1);
      // Both versions are kept: A's original answers are still in the database, for review.
      const kept = o.db.all<{ record: string }>('SELECT record FROM interview_conflicts WHERE interview_id = ?', [idA]);
      const head = o.db.get<{ value: string }>("SELECT value FROM answers WHERE interview_id = ? AND field = 'age'", [
        idA,
      ]);
      const ages = [
        head?.value,
        ...kept.map((k) => (JSON.parse(k.record) as { answers: string[][] }).answers.find((a) => a[0] === 'age')?.[1]),
      ];
      expect(ages.sort()).toEqual([ages.find((a) => a !== '99'), '99'].sort());
      expect(ages).toContain('99');
      expect(ages.filter((a) => a !== '99')).toHaveLength(1);
    }
  });

  test('a package from a laptop the office never registered is refused; a genuine one merges', async () => {
    const o = newLaptop('office-only-A');
    await call(o.db, 'keys/register', keyA);
    const r = await importPkg(o.db, pkgB);
    expect(r.ok || r.error.code).toBe('unregistered_device');
    expect((await importPkg(o.db, pkgA)).ok).toBe(true);
  });

  test('a registered name cannot be given another key', async () => {
    const o = await office([]);
    const r = await dispatch({ db: o.db }, 'keys/register', { deviceId: keyA.deviceId, publicKey: keyB.publicKey });
    expect(r.ok || r.error.code).toBe('conflict');
  });
});

describe('an encrypted package’s clear manifest cannot be edited (finding 5)', () => {
  test('device, creation date and counts edited: refused, nothing recorded', async () => {
    const keys = await generateOfficeKeys();
    const sealed = await exportPkg(laptopA.db, { publicKeyPem: keys.publicPem });
    const files = unzipSync(sealed);
    const manifest = JSON.parse(strFromU8(files['manifest.json']!));
    expect(manifest.formatVersion).toBe(2);
    const o = await office([]);
    const before = everything(o.db);
    for (const edit of [
      (m: Record<string, unknown>) => (m.device = 'spoofed-device'),
      (m: Record<string, unknown>) => (m.createdAt = '1999-01-01T00:00:00.000Z'),
      (m: Record<string, unknown>) => ((m.counts as { interviews: number }).interviews = 9),
    ]) {
      const m = structuredClone(manifest);
      edit(m);
      const r = await importPkg(o.db, pack(files, m), keys.privatePem);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(['tampered', 'bad_signature']).toContain(r.error.code);
      expect(everything(o.db)).toBe(before);
    }
    // The package as made opens and merges.
    expect((await importPkg(o.db, sealed, keys.privatePem)).ok).toBe(true);
  });
});
