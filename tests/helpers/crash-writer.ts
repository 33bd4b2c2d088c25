// Child process of the crash test: saves answers through the store, exactly as the app does, and prints a line
// for each save only after the call has returned. The parent kills it with SIGKILL at a random moment.
import { openDatabase } from '../../db/sqlite.ts';
import { putForm } from '../../src/store/forms.ts';
import { finalizeInterview, saveAnswer, startInterview } from '../../src/store/interviews.ts';

import { FIELDS_PER_INTERVIEW } from './crash-writer-constants.ts';

const [file, tag] = process.argv.slice(2);
if (!file || !tag) throw new Error('usage: crash-writer DB TAG');
const db = openDatabase(file, { create: true });
putForm(db, {
  formId: 'crash',
  version: '1',
  title: 'crash test',
  definition: '{}',
  definitionChecksum: 'crash-1',
});
const say = (line: string) => process.stdout.write(`${line}\n`);
say('READY');
for (let n = 0; ; n++) {
  const iv = startInterview(db, { formId: 'crash', formVersion: '1', surveyor: tag, device: 'crash-test' });
  say(`START ${iv.interview_id}`);
  for (let f = 0; f < FIELDS_PER_INTERVIEW; f++) {
    const value = `${tag}-${n}-${f}`;
    saveAnswer(db, { interviewId: iv.interview_id, field: `q${f}`, value, currentField: `q${f}` });
    say(`ACK ${iv.interview_id} q${f} ${value}`);
  }
  finalizeInterview(db, iv.interview_id);
  say(`FINAL ${iv.interview_id}`);
}
