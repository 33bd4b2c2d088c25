#!/usr/bin/env node
// The `scilit` command: the prebuilt bundle when it is current (see prebuilt.mjs), else the TypeScript sources
// through tsx (development).
import { prebuiltEntry } from './prebuilt.mjs';

// `scilit ... | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const entry = prebuiltEntry(new URL('../', import.meta.url));
let main;
if (entry) {
  ({ main } = await import(entry.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/node/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
