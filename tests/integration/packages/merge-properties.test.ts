import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { dispatch } from '../../../src/api/dispatch.ts';
import {
  amend,
  cloneLaptop,
  content,
  exportPkg,
  importPkg,
  interview,
  newLaptop,
} from '../../helpers/field-laptops.ts';

/** What a laptop does after receiving a copy of the shared interviews. */
type Action =
  | { kind: 'amend'; target: number; field: 'age' | 'k1'; value: string }
  | { kind: 'void'; target: number }
  | { kind: 'new'; count: number }
  | { kind: 'export' };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant('amend' as const),
    target: fc.nat(2),
    field: fc.constantFrom('age' as const, 'k1' as const),
    value: fc.constantFrom('20', '45', '0', '3'),
  }),
  fc.record({ kind: fc.constant('void' as const), target: fc.nat(2) }),
  fc.record({ kind: fc.constant('new' as const), count: fc.integer({ min: 1, max: 2 }) }),
  fc.constant({ kind: 'export' as const }),
);

describe('merging field packages', () => {
  test('any set of packages, imported in any order, gives the same office database; importing again changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(action, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 3 }),
        fc.infiniteStream(fc.nat()),
        async (laptops, shuffleSeeds) => {
          const base = newLaptop('base');
          const shared = await interview(base.db, 'S00', 3);
          const packages: Uint8Array[] = [await exportPkg(base.db)];
          let n = 0;
          for (const actions of laptops) {
            const laptop = cloneLaptop(base, `laptop${n++}`);
            for (const a of actions) {
              const id = shared[a.kind === 'amend' || a.kind === 'void' ? a.target : 0] as string;
              if (a.kind === 'amend') await amend(laptop.db, id, { [a.field]: a.value });
              else if (a.kind === 'void')
                await dispatch({ db: laptop.db }, 'interview/void', { interviewId: id, reason: 'duplicate' });
              else if (a.kind === 'new') await interview(laptop.db, `S${n}`, a.count, n);
              else packages.push(await exportPkg(laptop.db));
            }
            packages.push(await exportPkg(laptop.db));
          }
          const orders = [packages, shuffle(packages, shuffleSeeds), [...packages].reverse()];
          const results: string[] = [];
          for (const order of orders) {
            const office = newLaptop('office');
            for (const p of order) {
              const r = await importPkg(office.db, p);
              expect(r.ok).toBe(true);
            }
            const once = content(office.db);
            for (const p of order) await importPkg(office.db, p);
            expect(content(office.db)).toBe(once);
            results.push(once);
          }
          expect(results[1]).toBe(results[0]);
          expect(results[2]).toBe(results[0]);
        },
      ),
      { numRuns: Number(process.env.SCILIT_PROPERTY_RUNS ?? 10) },
    );
  }, 240_000);
});

function shuffle<T>(items: readonly T[], seeds: fc.Stream<number>): T[] {
  const out = [...items];
  const it = seeds[Symbol.iterator]();
  for (let i = out.length - 1; i > 0; i--) {
    const j = (it.next().value as number) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
