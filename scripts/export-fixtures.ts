/**
 * Writes tests/fixtures/export/small.sav and small.dta from the small data set of tests/fixtures/export/small.ts.
 * Run after a deliberate change of the writers, then check the files with R haven and PSPP (the writers' test does).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDta } from '../src/interchange/export/dta.ts';
import { writeSav } from '../src/interchange/export/sav.ts';
import { SMALL, SMALL_DOCUMENTS } from '../tests/fixtures/export/small.ts';

const dir = join(import.meta.dirname, '../tests/fixtures/export');
writeFileSync(join(dir, 'small.sav'), writeSav(SMALL, SMALL_DOCUMENTS));
writeFileSync(join(dir, 'small.dta'), writeDta(SMALL));
