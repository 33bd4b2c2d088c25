import fc from 'fast-check';
import { expect, test } from 'vitest';
import { base64ToBytes, bytesToBase64 } from '../../src/util/base64.ts';

test('base64 matches the RFC 4648 test vectors and Node’s Buffer on random bytes', () => {
  // RFC 4648 §10
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ];
  for (const [plain, coded] of vectors) {
    expect(bytesToBase64(new TextEncoder().encode(plain))).toBe(coded);
    expect(new TextDecoder().decode(base64ToBytes(coded))).toBe(plain);
  }
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300_000 }), (bytes) => {
      const coded = bytesToBase64(bytes);
      expect(coded).toBe(Buffer.from(bytes).toString('base64'));
      expect(base64ToBytes(coded)).toEqual(bytes);
      expect(base64ToBytes(Buffer.from(bytes).toString('base64url'))).toEqual(bytes);
    }),
    { numRuns: 30 },
  );
  expect(base64ToBytes('not base64!')).toBeUndefined();
  expect(base64ToBytes('abcde')).toBeUndefined();
});
