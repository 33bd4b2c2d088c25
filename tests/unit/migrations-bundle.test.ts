import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs build script without types
import { renderBundle } from '../../scripts/bundle-migrations.mjs';

test('db/migrations.ts is the bundle of db/migrations/*.sql (run `npm run migrations:bundle`)', () => {
  const committed = readFileSync(new URL('../../db/migrations.ts', import.meta.url), 'utf8');
  expect(committed).toBe(renderBundle());
});
