import { expect, test } from 'vitest';
import { migrations } from '../../db/migrations.ts';

// The SHA-256 of every migration as a released scilit shipped it. Databases in users' hands record these
// checksums (schema_migrations) and are refused when the code's differ, so a released migration is never edited:
// a schema change is a new numbered migration. Add a line here when a version is released.
const RELEASED: Record<number, { release: string; name: string; checksum: string }> = {
  1: {
    release: '0.1.0',
    name: '001_initial',
    checksum: '54cd47b6e87c2b54562587cfbec9f26b88e39b6b32caa3140a592931972d81f9',
  },
};

test.each(Object.entries(RELEASED))('released migration %s is unchanged', (version, released) => {
  const m = migrations.find((x) => x.version === Number(version));
  expect(m?.name).toBe(released.name);
  expect(m?.checksum, `${released.name} was released in ${released.release}: add a new migration instead`).toBe(
    released.checksum,
  );
});

test('migrations are numbered 1, 2, 3, … without gaps', () => {
  expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
});
