#!/usr/bin/env node
// The `scilit` command. TypeScript sources run through tsx's loader, so `npx scilit` works right after
// `npm install` with nothing to build first.
import { register } from 'tsx/esm/api';

register();
// `scilit ... | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main } = await import('../src/node/cli.ts');
process.exitCode = await main(process.argv.slice(2));
