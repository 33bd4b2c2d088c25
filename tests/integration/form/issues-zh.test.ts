// Every issue the reader raises on pyxform's whole test corpus (accepted and refused forms alike) has its Chinese
// text in the catalogue (src/form/xlsform/issues-zh.ts), so a Chinese user reads each problem in Chinese.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssueZh } from '../../../src/form/xlsform/issues.ts';
import { readXlsForm } from '../../../src/form/xlsform/read.ts';
import { markdownSheets } from '../../fixtures/forms/markdown.ts';
import { workbook } from '../../fixtures/forms/workbook.ts';

const corpus = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/forms/corpus/pyxform-md.json'), 'utf8'),
) as { forms: { md: string }[] };

describe('form issues in Chinese', () => {
  it('every issue and warning raised on the corpus has a Chinese text', async () => {
    const missing = new Set<string>();
    let seen = 0;
    for (const f of corpus.forms) {
      const r = await readXlsForm(await workbook(markdownSheets(f.md)), 'f.xlsx');
      for (const i of [...r.issues, ...r.warnings]) {
        seen++;
        if (!i.zh) missing.add(i.message.replace(/"[^"]*"/g, '"…"'));
      }
    }
    expect(seen).toBeGreaterThan(500);
    expect([...missing]).toEqual([]);
  }, 120_000);

  it('prints an issue in Chinese with its place', () => {
    expect(
      formatIssueZh({
        file: 'f.xlsx',
        sheet: 'survey',
        row: 7,
        column: 'D',
        header: 'relevant',
        message: '${agee} is not a field of this form',
        zh: '${agee} 不是本问卷的题目',
      }),
    ).toBe('f.xlsx：survey!D7（relevant）：${agee} 不是本问卷的题目');
  });
});
