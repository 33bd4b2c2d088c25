// Child process of the interrupted-import test: imports one package file into a database; killed at random.
import { readFileSync } from 'node:fs';
import { openDatabase } from '../../db/sqlite.ts';
import { importPackage } from '../../src/interchange/package/index.ts';

const [dbFile, pkgFile] = process.argv.slice(2) as [string, string];
const db = openDatabase(dbFile);
process.stdout.write('READY\n');
await importPackage(db, new Uint8Array(readFileSync(pkgFile)));
process.stdout.write('DONE\n');
