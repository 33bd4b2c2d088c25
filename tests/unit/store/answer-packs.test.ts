import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currentPack, packAnswers, unpackAnswers } from '../../../src/store/answer-packs.ts';

const unpack = (packed: string, positions: number[]) => {
  const values: (string | undefined)[] = new Array(positions.length);
  unpackAnswers(packed, positions, values);
  return values;
};

describe('answer packs', () => {
  it('give back every answer at its field position, missing ones as undefined', () => {
    const packed = packAnswers(['age', 'k1', 'm1', 'note'], { age: '35', k1: '', m1: 'a c', other: 'x' });
    expect(packed).not.toBeNull();
    expect(unpack(packed!, [0, 1, 2, 3])).toEqual(['35', '', 'a c', undefined]);
    // Only the positions asked for, in the order asked.
    expect(unpack(packed!, [2, 0])).toEqual(['a c', '35']);
  });

  it('refuse an answer holding a separator character (that interview is read from its answers instead)', () => {
    expect(packAnswers(['t'], { t: 'a\u001fb' })).toBeNull();
    expect(packAnswers(['t'], { t: '\u001e' })).toBeNull();
    expect(packAnswers(['t'], { t: 'x\u001c' })).toBeNull();
  });

  it('are used only under the stamp they were stored with', () => {
    const entry = 'p1"ab"7\u001fx\u001fy';
    expect(currentPack(entry, 'p1', '"ab"7')).toBe('x\u001fy');
    expect(currentPack(entry, 'p2', '"ab"7')).toBeUndefined();
    expect(currentPack(entry, 'p1', '"ab"')).toBeUndefined();
    expect(currentPack(entry, 'p1', '"ab"70')).toBeUndefined();
    expect(currentPack(undefined, 'p1', '"ab"7')).toBeUndefined();
  });

  it('round-trip any answers', () => {
    const fields = ['a', 'b', 'c', 'd', 'e'];
    const separators = ['\u001c', '\u001e', '\u001f'];
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(...fields),
          fc.option(fc.string({ unit: fc.constantFrom('a', ' ', '中', ...separators) })),
        ),
        (answers) => {
          const packed = packAnswers(fields, answers);
          const hasSeparator = Object.values(answers).some((v) => v != null && separators.some((c) => v.includes(c)));
          if (hasSeparator) return packed === null;
          return (
            packed !== null &&
            JSON.stringify(unpack(packed, [0, 1, 2, 3, 4])) ===
              JSON.stringify(fields.map((f) => answers[f] ?? undefined))
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
