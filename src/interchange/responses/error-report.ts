/** The list of an import's problems as an .xlsx a clerk can filter and work through, row by row. */
import ExcelJS from 'exceljs';
import type { FileProblem } from '../problem.ts';

export interface ErrorReportInput {
  fileName: string;
  problems: readonly FileProblem[];
  errorCount: number;
  message?: { zh?: string; en?: string };
}

export async function errorReportXlsx(input: ErrorReportInput): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'scilit';
  const ws = wb.addWorksheet('问题清单 Problems', { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.getCell('A1').value = `导入检查：${input.fileName}`;
  ws.getCell('A1').font = { bold: true, size: 13 };
  ws.getCell('A2').value = input.message?.zh ?? `共 ${input.errorCount} 个错误`;
  const header = [
    '严重程度 Severity',
    '工作表 Sheet',
    '行 Row',
    '列 Column',
    '值 Value',
    '问题',
    'Problem',
    '代码 Code',
  ];
  ws.getRow(3).values = header;
  ws.getRow(3).font = { bold: true };
  ws.getRow(3).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  for (const p of input.problems) {
    ws.addRow([
      p.severity === 'error' ? '错误 error' : '提示 warning',
      p.sheet ?? '',
      p.row ?? '',
      p.column ?? '',
      p.value ?? '',
      p.reason.zh ?? '',
      p.reason.en ?? '',
      p.code,
    ]);
  }
  const widths = [12, 14, 8, 22, 22, 60, 60, 22];
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  ws.getColumn(6).alignment = { wrapText: true, vertical: 'top' };
  ws.getColumn(7).alignment = { wrapText: true, vertical: 'top' };
  ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: header.length } };
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
