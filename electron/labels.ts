// Native menu labels in the two languages of the app (Chinese by default).
export type MenuLanguage = 'zh' | 'en';

export interface MenuLabels {
  file: string;
  openDataFolder: string;
  backupNow: string;
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
}

const zh: MenuLabels = {
  file: '文件',
  openDataFolder: '打开数据文件夹',
  backupNow: '立即备份数据库',
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
};

const en: MenuLabels = {
  file: 'File',
  openDataFolder: 'Open Data Folder',
  backupNow: 'Back Up Database Now',
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
};

/** Chinese unless the system's language is English (or anything else that is not Chinese). */
export function menuLanguage(locale: string): MenuLanguage {
  return locale.toLowerCase().startsWith('zh') || locale === '' ? 'zh' : 'en';
}

export function menuLabels(lang: MenuLanguage): MenuLabels {
  return lang === 'en' ? en : zh;
}
