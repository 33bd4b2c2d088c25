import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runtimeReferences } from '../../../electron/runtime-files.ts';
import { tempDir } from '../../helpers/tmp.ts';

test('a bundle loads the chunks it imports by file name, not code quoted in a string (React’s dev warnings)', () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'entry.mjs'),
    [
      'const warning = `lazy: expected the result of a dynamic import() call. Instead received: %s\\n\\nYour code should look like: \\n  ',
      "  const MyComponent = lazy(() => import('./MyComponent'))`;",
      "const screen = () => import('./chunk-a.js');",
    ].join('\n'),
  );
  writeFileSync(join(dir, 'chunk-a.js'), "export const a = 1;\nimport('./chunk-b.js');\n");
  writeFileSync(join(dir, 'chunk-b.js'), 'export const b = 2;\n');
  expect(runtimeReferences(dir, ['entry.mjs']).map((r) => [r.from, r.file])).toEqual([
    ['entry.mjs', 'chunk-a.js'],
    ['chunk-a.js', 'chunk-b.js'],
  ]);
});
