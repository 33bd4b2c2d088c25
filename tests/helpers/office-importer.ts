// Child process of the interrupted office-import test: `scilit import responses` as the CLI runs it (the store
// thread for large files); killed at random.
import { main } from '../../src/node/cli.ts';

const [dbFile, file] = process.argv.slice(2) as [string, string];
process.stdout.write('READY\n');
const code = await main(
  ['import', 'responses', file, '--db', dbFile, '--form', 'office_test'],
  () => {},
  () => {},
);
process.stdout.write(`DONE ${code}\n`);
