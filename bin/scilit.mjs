#!/usr/bin/env node
// The `scilit` command. TypeScript sources run through tsx's loader, so `npx scilit` works right after
// `npm install` with nothing to build first.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/node/cli.ts');
process.exitCode = await main(process.argv.slice(2));
