import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import type { RecentFile } from '../src/node/data-files.ts';
import type { MenuLabels } from './labels.ts';

/** What the menu's items do (main.ts runs them through the same host operations the renderer calls). */
export interface MenuActions {
  newFile(): void;
  openFile(path?: string): void;
  reveal(): void;
  backupNow(): void;
  demo(): void;
  about(): void;
  recent(): RecentFile[];
  current(): string;
}

/** The native menu: 数据文件 (new, open, recent, show in folder, back up now, demo data), edit, view, help. */
export function installMenu(t: MenuLabels, actions: MenuActions): void {
  const current = actions.current();
  const recent = actions.recent().filter((r) => r.exists && r.path !== current);
  const template: MenuItemConstructorOptions[] = [
    {
      label: t.dataFile,
      submenu: [
        { label: t.newFile, accelerator: 'CmdOrCtrl+N', click: () => actions.newFile() },
        { label: t.openFile, accelerator: 'CmdOrCtrl+O', click: () => actions.openFile() },
        {
          label: t.recent,
          submenu: recent.length
            ? recent.map((r) => ({ label: `${r.name}  —  ${r.path}`, click: () => actions.openFile(r.path) }))
            : [{ label: t.noRecent, enabled: false }],
        },
        { type: 'separator' },
        { label: t.reveal, click: () => actions.reveal() },
        { label: t.backupNow, click: () => actions.backupNow() },
        { type: 'separator' },
        { label: t.demo, click: () => actions.demo() },
        { type: 'separator' },
        { label: t.quit, role: 'quit' },
      ],
    },
    {
      label: t.edit,
      submenu: [
        { label: t.undo, role: 'undo' },
        { label: t.redo, role: 'redo' },
        { type: 'separator' },
        { label: t.cut, role: 'cut' },
        { label: t.copy, role: 'copy' },
        { label: t.paste, role: 'paste' },
        { label: t.selectAll, role: 'selectAll' },
      ],
    },
    {
      label: t.view,
      submenu: [
        { label: t.reload, role: 'reload' },
        { type: 'separator' },
        { label: t.resetZoom, role: 'resetZoom' },
        { label: t.zoomIn, role: 'zoomIn' },
        { label: t.zoomOut, role: 'zoomOut' },
        { type: 'separator' },
        { label: t.fullScreen, role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' } as MenuItemConstructorOptions]),
      ],
    },
    { label: t.help, submenu: [{ label: t.about, click: () => actions.about() }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
