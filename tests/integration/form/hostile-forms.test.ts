// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm writes field references as ${name} in plain strings
// Expression bombs (issue 21, item 10): refused when the form is read, naming the cell, instead of failing every
// import later (`Invalid string length`) or spinning on a regex.
import { describe, expect, it } from 'vitest';
import { FormRuntime } from '../../../src/form/runtime.ts';
import { formatIssue } from '../../../src/form/xlsform/issues.ts';
import { readXlsForm } from '../../../src/form/xlsform/read.ts';
import { type SheetRows, workbook } from '../../fixtures/forms/workbook.ts';

const settings: SheetRows = [
  ['form_id', 'version'],
  ['bomb', '1'],
];

describe('hostile forms', () => {
  it('31 calculations that each double a text are refused at the first that passes the text limit', async () => {
    const survey: SheetRows = [['type', 'name', 'label', 'calculation']];
    survey.push(['calculate', 'c0', '', "'aaaaaaaaaa'"]);
    for (let i = 1; i <= 31; i++) survey.push(['calculate', `c${i}`, '', `concat(\${c${i - 1}}, \${c${i - 1}})`]);
    const t0 = process.memoryUsage().heapUsed;
    const { form, issues } = await readXlsForm(await workbook({ survey, settings }), 'bomb.xlsx');
    expect(form).toBeNull();
    // c17 = 10 × 2^17 = 1,310,720 characters, the first over 1,000,000; it sits in row 2 + 17.
    expect(issues.map(formatIssue)).toEqual([
      expect.stringMatching(
        /^bomb\.xlsx: survey!D19 \(calculation\): calculation of "c17": .*longer than 1,000,000 characters/,
      ),
    ]);
    expect(process.memoryUsage().heapUsed - t0).toBeLessThan(300 * 1024 * 1024);
  });

  it('a catastrophic regex in a constraint is harmless: the answer is judged at once', async () => {
    const { form, issues } = await readXlsForm(
      await workbook({
        survey: [
          ['type', 'name', 'label', 'constraint'],
          ['text', 'code', 'Code', "regex(., '^(a+)+$')"],
        ],
        settings,
      }),
    );
    expect(issues).toEqual([]);
    const rt = new FormRuntime(form!);
    const t0 = performance.now();
    expect(rt.validateAnswer('code', `${'a'.repeat(35)}!`, {})?.code).toBe('constraint');
    expect(rt.validateAnswer('code', 'a'.repeat(35), {})).toBeNull();
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('a pattern that cannot be matched safely (a back-reference) is refused at its cell', async () => {
    const { issues } = await readXlsForm(
      await workbook({
        survey: [
          ['type', 'name', 'label', 'constraint'],
          ['text', 'code', 'Code', "regex(., '(a)\\1')"],
        ],
        settings,
      }),
      'f.xlsx',
    );
    expect(issues.map(formatIssue)).toEqual([
      expect.stringMatching(/^f\.xlsx: survey!D2 \(constraint\): regex.*back-references/),
    ]);
  });

  it("instance('list') must name a choice list; lookups then run in the interview", async () => {
    const sheets = (list: string): Record<string, SheetRows> => ({
      survey: [
        ['type', 'name', 'label', 'calculation'],
        ['select_one district', 'd', 'District'],
        ['calculate', 'pop', '', `instance('${list}')/root/item[name = \${d}]/pop`],
        ['calculate', 'dname', '', "jr:choice-name(${d}, '${d}')"],
      ],
      choices: [
        ['list_name', 'name', 'label', 'pop'],
        ['district', 'd1', 'North', '1200'],
        ['district', 'd2', 'South', '800'],
      ],
      settings,
    });
    const bad = await readXlsForm(await workbook(sheets('districts')), 'f.xlsx');
    expect(bad.issues.map(formatIssue)).toEqual([
      expect.stringMatching(/survey!D3 \(calculation\): instance\('districts'\) names no choice list/),
    ]);
    const good = await readXlsForm(await workbook(sheets('district')));
    const rt = new FormRuntime(good.form!);
    expect(rt.calculate({ d: 'd2' })).toEqual({ pop: '800', dname: 'South' });
  });
});
