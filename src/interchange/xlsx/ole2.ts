/** OLE2 compound files, the container of old .xls files and of every password-protected .xlsx. */
import { unreadable } from '../problem.ts';

/** An OLE2 compound file: an old .xls, or an .xlsx saved with a password (Office keeps those in OLE2). */
export function isOle2(bytes: Uint8Array): boolean {
  return bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

/** A password-protected .xlsx: an OLE2 file with an "EncryptedPackage" stream (MS-OFFCRYPTO), named in UTF-16. */
export function isEncryptedOoxml(bytes: Uint8Array): boolean {
  const name = 'EncryptedPackage';
  const pattern = new Uint8Array(name.length * 2);
  for (let i = 0; i < name.length; i++) pattern[i * 2] = name.charCodeAt(i);
  return indexOf(bytes, pattern) >= 0;
}

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

export function passwordProtected() {
  return unreadable(
    'password_protected',
    '这个 Excel 文件设置了打开密码（已加密），scilit 无法读取其中的内容。请在 Excel 或 WPS 中用密码打开它，去掉密码（Excel：文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码；WPS：文件 → 文档加密 → 密码加密，清空密码）后另存为“Excel 工作簿 (*.xlsx)”，再导入。',
    'This Excel file is protected with a password (encrypted), so scilit cannot read it. Open it with its password in Excel or WPS, remove the password (Excel: File → Info → Protect Workbook → Encrypt with Password, clear it), save it as "Excel Workbook (*.xlsx)" and import again.',
  );
}
