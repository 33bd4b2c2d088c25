import { expect, test } from 'vitest';
import { sha256Hex } from '../../src/util/hash.ts';

test('sha256 matches the published test vector for "abc" (FIPS 180-2)', async () => {
  expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});
