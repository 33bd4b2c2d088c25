import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importResponses } from '../../../src/interchange/responses/index.ts';
import { newDatabase } from '../../fixtures/interchange/forms.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

describe('a clerk types 200 paper questionnaires into the data-entry template', () => {
  it('the filled template imports cleanly without mapping, and importing it twice adds nothing', async () => {
    const dir = tempDir();
    const dbFile = join(dir, 'survey.db');
    newDatabase(dbFile).close();
    const out = join(dir, 'template.xlsx');
    const made = await runCli('form', 'template', 'office_test', '--db', dbFile, '--out', out, '--rows', '300');
    expect(made.err).toBe('');
    expect(made.code).toBe(0);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['数据录入', '填写说明', '选项']);
    const ws = wb.getWorksheet('数据录入')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    expect(header).toEqual([
      'age',
      'sex',
      'residence',
      'region',
      'employed',
      'job_years',
      'interview_date',
      'sources/tv',
      'sources/internet',
      'sources/paper',
      'q_earth',
    ]);
    expect(ws.getCell('A2').value).toBe('年龄');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const model = (
      ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: unknown[] }> } }
    ).dataValidations.model;
    expect(model.A3 ?? model['A3:A302']).toMatchObject({ type: 'whole', formulae: [18, 69] });
    expect(model.B3 ?? model['B3:B302']).toMatchObject({ type: 'list' });
    expect(wb.getWorksheet('填写说明')!.getCell('A1').value).toContain('数据录入表');

    const col = (name: string) => header.indexOf(name) + 1;
    for (let i = 0; i < 200; i++) {
      const row = ws.getRow(3 + i);
      const employed = i % 3 !== 0;
      row.getCell(col('age')).value = 18 + (i % 52);
      row.getCell(col('sex')).value = i % 2 ? '男' : '女';
      row.getCell(col('residence')).value = i % 4 ? '城镇' : '农村';
      row.getCell(col('region')).value = `3201${String(i % 10).padStart(2, '0')}`;
      row.getCell(col('employed')).value = employed ? '是' : '否';
      if (employed) row.getCell(col('job_years')).value = i % 30;
      row.getCell(col('interview_date')).value = new Date(Date.UTC(2024, 2, 1 + (i % 28)));
      row.getCell(col('sources/tv')).value = i % 2;
      row.getCell(col('sources/internet')).value = 1;
      row.getCell(col('q_earth')).value = ['对', '错', '不知道'][i % 3];
      row.commit();
    }
    const filled = new Uint8Array(await wb.xlsx.writeBuffer());

    const db = newDatabase(dbFile);
    try {
      const first = await importResponses(db, filled, { fileName: 'filled.xlsx', formId: 'office_test' });
      expect(first.problems).toEqual([]);
      expect(first).toMatchObject({ status: 'imported', added: 200, sheet: '数据录入' });
      const a = db.get<{ value: string }>(
        "SELECT value FROM answers a JOIN interviews i USING (interview_id) WHERE field = 'sources' AND i.source = 'import' LIMIT 1",
      );
      expect(['internet', 'tv internet']).toContain(a?.value);
      const second = await importResponses(db, filled, { fileName: 'filled.xlsx', formId: 'office_test' });
      expect(second).toMatchObject({ added: 0, status: 'already_imported' });
      expect(db.get<{ n: number }>("SELECT count(*) AS n FROM interviews WHERE source = 'import'")?.n).toBe(200);
    } finally {
      db.close();
    }
  });
});
