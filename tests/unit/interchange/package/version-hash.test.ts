import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { versionHash } from '../../../../src/interchange/package/content.ts';
import type { InterviewVersion } from '../../../../src/store/interview-versions.ts';

const version: InterviewVersion = {
  interview_id: 'iv-1',
  form_id: 'csl_test',
  form_version: '1',
  surveyor: 'S01',
  device: 'laptop-a',
  region_code: 'R01',
  stratum: null,
  psu: 'P01',
  household: null,
  design_weight: null,
  status: 'final',
  void_reason: null,
  started_at: '2026-11-01T08:00:00.000Z',
  finalized_at: '2026-11-01T08:20:00.000Z',
  revision: 1,
  ancestors: [],
  answers: [
    ['age', '34', '2026-11-01T08:01:00.000Z', 5200],
    ['sex', 'female', '2026-11-01T08:01:10.000Z', null],
  ],
};

// The office may verify packages with Node's SHA-256 (a worker thread) or WebCrypto's (the app): a package made
// by one must verify with the other, so both must give the digest of the same canonical text.
test('an interview hashes the same with WebCrypto and with a synchronous SHA-256', async () => {
  // Python: hashlib.sha256(json.dumps([...fields in order...], separators=(',', ':')).encode()).hexdigest()
  const expected = 'fb52368f8aaa226b3f657794579ae78a76396b177a384c0e4b59c6df1e7ce823';
  expect(await versionHash(version)).toBe(expected);
  const node = (d: Uint8Array | string) => createHash('sha256').update(d).digest('hex');
  expect(await versionHash(version, node)).toBe(expected);
  expect(await versionHash({ ...version, answers: [['age', '35', '2026-11-01T08:01:00.000Z', 5200]] }, node)).not.toBe(
    expected,
  );
});
