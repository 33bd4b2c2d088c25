import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packAnswers, unpackAnswers } from '../../../src/store/answer-packs.ts';

describe('answer packs', () => {
  it('give back every answer at its field position, missing ones as undefined', () => {
    const packed = packAnswers(['age', 'k1', 'm1', 'note'], { age: '35', k1: '', m1: 'a c', other: 'x' });
    expect(packed).not.toBeNull();
    expect(unpackAnswers(packed!)).toEqual(['35', '', 'a c', undefined]);
  });

  it('refuse an answer holding a separator character (that interview is read from its answers instead)', () => {
    expect(packAnswers(['t'], { t: 'a\u001fb' })).toBeNull();
    expect(packAnswers(['t'], { t: '\u001e' })).toBeNull();
  });

  it('round-trip any answers', () => {
    const fields = ['a', 'b', 'c', 'd', 'e'];
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(...fields),
          fc.option(fc.string({ unit: fc.constantFrom('a', ' ', '中', '\u001e', '\u001f') })),
        ),
        (answers) => {
          const packed = packAnswers(fields, answers);
          const hasSeparator = Object.values(answers).some(
            (v) => v != null && (v.includes('\u001e') || v.includes('\u001f')),
          );
          if (hasSeparator) return packed === null;
          return (
            packed !== null &&
            JSON.stringify(unpackAnswers(packed)) === JSON.stringify(fields.map((f) => answers[f] ?? undefined))
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
