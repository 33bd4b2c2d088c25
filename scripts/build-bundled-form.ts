/**
 * Writes the bundled questionnaire (src/form/bundled/) to forms/civic-science-literacy.xlsx, the file the app
 * ships. Run after editing the source: `npm run form:bundle`. The written file must read back without issues.
 */
import { writeFileSync } from 'node:fs';
import { bundledFormSource } from '../src/form/bundled/civic-science-literacy.ts';
import { canonicalFormJson } from '../src/form/canonical.ts';
import { formatIssue } from '../src/form/xlsform/issues.ts';
import { readXlsForm } from '../src/form/xlsform/read.ts';
import { writeXlsForm } from '../src/form/xlsform/write.ts';
import { BUNDLED_FORM_PATH } from '../src/node/bundled-form.ts';

const form = bundledFormSource();
const bytes = await writeXlsForm(form);
const back = await readXlsForm(bytes, 'civic-science-literacy.xlsx');
if (!back.form) {
  for (const i of back.issues) console.error(formatIssue(i));
  process.exit(1);
}
if (canonicalFormJson(back.form) !== canonicalFormJson(form)) {
  console.error('the written workbook does not read back to the source form');
  process.exit(1);
}
writeFileSync(BUNDLED_FORM_PATH, bytes);
console.log(`wrote ${BUNDLED_FORM_PATH} (${bytes.length} bytes)`);
