import { app, dialog, Menu, type MenuItemConstructorOptions, shell } from 'electron';
import { menuLabels, menuLanguage } from './labels.ts';

/** The native menu, in Chinese unless the system speaks another language. */
export function installMenu(actions: { dataFolder: string; backupNow: () => Promise<string> }): void {
  const t = menuLabels(menuLanguage(app.getPreferredSystemLanguages()[0] ?? app.getLocale()));
  const template: MenuItemConstructorOptions[] = [
    {
      label: t.file,
      submenu: [
        { label: t.openDataFolder, click: () => void shell.openPath(actions.dataFolder) },
        {
          label: t.backupNow,
          click: async () => {
            const file = await actions.backupNow();
            await dialog.showMessageBox({ type: 'info', message: `${t.backupDone}\n${file}` });
          },
        },
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
    {
      label: t.help,
      submenu: [
        {
          label: t.about,
          click: () => void dialog.showMessageBox({ type: 'info', message: `scilit ${app.getVersion()}` }),
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
