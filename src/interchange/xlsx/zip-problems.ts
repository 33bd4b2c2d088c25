/** What a ZIP problem means to a clerk importing a workbook: file and part named, what to do, nothing stored. */
import { type FileUnreadableError, unreadable } from '../problem.ts';
import { MiB, type ZipProblem } from './zip.ts';

const named = (fileName: string) =>
  fileName ? { zh: `文件“${fileName}”`, en: `The file "${fileName}"` } : { zh: '这个文件', en: 'This file' };

export function xlsxProblem(p: ZipProblem, fileName = ''): FileUnreadableError {
  const file = named(fileName);
  switch (p.kind) {
    case 'not_zip':
      return unreadable(
        'not_xlsx',
        '这个文件不是 Excel 工作簿（.xlsx）。请在 Excel 或 WPS 中打开它，另存为“Excel 工作簿 (*.xlsx)”或“CSV UTF-8”后再导入。',
        'This file is not an Excel workbook (.xlsx). Open it in Excel or WPS and save it as "Excel Workbook (*.xlsx)" or "CSV UTF-8", then import again.',
      );
    case 'truncated':
      return unreadable(
        'truncated_xlsx',
        '这个 Excel 文件不完整（可能复制或下载时中断了）。请重新获取完整的文件后再导入。',
        'This Excel file is incomplete (copying or downloading was probably interrupted). Get the complete file again and import it.',
      );
    case 'zip64':
      return unreadable(
        'zip64',
        '这个 Excel 文件超过 4 GB，无法导入。请把数据拆成几个文件。',
        'This Excel file is larger than 4 GB and cannot be imported. Split the data into several files.',
      );
    case 'unsupported':
      return unreadable(
        'unsupported_xlsx',
        `${file.zh}的部件 ${p.entry ?? ''} 使用了不支持的压缩或加密方式，不是 Excel 或 WPS 保存的普通工作簿。请在 Excel 或 WPS 中打开它，另存为“Excel 工作簿 (*.xlsx)”后再导入。`,
        `${file.en} stores its part ${p.entry ?? ''} with a compression or encryption that Excel and WPS do not use. Open it in Excel or WPS, save it as "Excel Workbook (*.xlsx)" and import again.`,
      );
    case 'too_large':
    case 'ratio': {
      const mb = Math.round((p.budget?.maxBytes ?? 0) / MiB);
      const ratio = p.budget?.maxRatio ?? 0;
      const limit =
        p.kind === 'too_large'
          ? { zh: `解压后超过 ${mb} MB`, en: `inflates to more than ${mb} MB` }
          : { zh: `解压后是压缩前的 ${ratio} 倍以上`, en: `inflates to more than ${ratio} times its compressed size` };
      return unreadable(
        'zip_bomb',
        `${file.zh}里的部件 ${p.entry}${limit.zh}，正常的表格不会这样。它可能是恶意构造的“压缩炸弹”，为保护这台电脑已拒绝读取，数据库没有任何改动。请向发送方索取正常保存的文件。`,
        `${file.en}: its part ${p.entry} ${limit.en}, which no real spreadsheet does. It may be a "zip bomb" built to exhaust this computer; it was refused and the database was not changed. Ask the sender for a normally saved file.`,
      );
    }
  }
}
