// Native menu and dialog texts in the two languages of the app (Chinese by default).
export type MenuLanguage = 'zh' | 'en';

export interface MenuLabels {
  dataFile: string;
  newFile: string;
  openFile: string;
  recent: string;
  noRecent: string;
  reveal: string;
  backupNow: string;
  demo: string;
  quit: string;
  edit: string;
  undo: string;
  redo: string;
  cut: string;
  copy: string;
  paste: string;
  selectAll: string;
  view: string;
  reload: string;
  zoomIn: string;
  zoomOut: string;
  resetZoom: string;
  fullScreen: string;
  help: string;
  about: string;
  backupDone: string;
  demoDone: string;
  failed: string;
  fileFilter: string;
  newFileTitle: string;
  openFileTitle: string;
  aboutDetail: (a: { version: string; dataFile: string; electron?: string; chrome?: string; node: string }) => string;
}

const zh: MenuLabels = {
  dataFile: '数据文件',
  newFile: '新建数据文件…',
  openFile: '打开数据文件…',
  recent: '最近打开',
  noRecent: '（无）',
  reveal: '在文件夹中显示',
  backupNow: '立即备份',
  demo: '载入示范数据（新建独立的数据文件）…',
  quit: '退出',
  edit: '编辑',
  undo: '撤销',
  redo: '重做',
  cut: '剪切',
  copy: '复制',
  paste: '粘贴',
  selectAll: '全选',
  view: '视图',
  reload: '重新加载',
  zoomIn: '放大',
  zoomOut: '缩小',
  resetZoom: '实际大小',
  fullScreen: '全屏',
  help: '帮助',
  about: '关于 scilit',
  backupDone: '数据库已备份到',
  demoDone: '示范数据已载入新的数据文件：',
  failed: '未能完成',
  fileFilter: 'scilit 数据文件',
  newFileTitle: '新建数据文件',
  openFileTitle: '打开数据文件',
  aboutDetail: (a) =>
    `版本 ${a.version}\n当前数据文件：${a.dataFile}\n\nElectron ${a.electron ?? '-'} · Chromium ${a.chrome ?? '-'} · Node.js ${a.node}`,
};

const en: MenuLabels = {
  dataFile: 'Data File',
  newFile: 'New Data File…',
  openFile: 'Open Data File…',
  recent: 'Open Recent',
  noRecent: '(none)',
  reveal: 'Show in Folder',
  backupNow: 'Back Up Now',
  demo: 'Load Demo Data (into a New Data File)…',
  quit: 'Quit',
  edit: 'Edit',
  undo: 'Undo',
  redo: 'Redo',
  cut: 'Cut',
  copy: 'Copy',
  paste: 'Paste',
  selectAll: 'Select All',
  view: 'View',
  reload: 'Reload',
  zoomIn: 'Zoom In',
  zoomOut: 'Zoom Out',
  resetZoom: 'Actual Size',
  fullScreen: 'Full Screen',
  help: 'Help',
  about: 'About scilit',
  backupDone: 'Database backed up to',
  demoDone: 'Demo data loaded into a new data file:',
  failed: 'Could not do it',
  fileFilter: 'scilit data files',
  newFileTitle: 'New data file',
  openFileTitle: 'Open data file',
  aboutDetail: (a) =>
    `Version ${a.version}\nData file: ${a.dataFile}\n\nElectron ${a.electron ?? '-'} · Chromium ${a.chrome ?? '-'} · Node.js ${a.node}`,
};

/** Chinese unless the system's language is English (or anything else that is not Chinese). */
export function menuLanguage(locale: string): MenuLanguage {
  return locale.toLowerCase().startsWith('zh') || locale === '' ? 'zh' : 'en';
}

export function menuLabels(lang: MenuLanguage): MenuLabels {
  return lang === 'en' ? en : zh;
}
