import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { type BrowserWindow, dialog } from 'electron';
import { z } from 'zod';
import { narrowToOwner } from '../src/node/private-file.ts';

const filters = z
  .array(z.object({ name: z.string().max(100), extensions: z.array(z.string().regex(/^[a-z0-9*]{1,10}$/i)).max(20) }))
  .max(10)
  .optional();

const MAX_OPEN_BYTES = 512 * 1024 * 1024;

/**
 * Open and save dialogs, the renderer's only way to files in the desktop app. They are operations of the one
 * IPC channel like any other, answered in the main process (the browser build uses its own file inputs).
 * The renderer gets bytes, never a path it could pass back to read something else.
 */
export const dialogOperations = {
  'dialog/openFile': {
    input: z.object({ title: z.string().max(200).optional(), filters }),
    async run(window: BrowserWindow | null, a: { title?: string; filters?: Electron.FileFilter[] }) {
      const options: Electron.OpenDialogOptions = { title: a.title, filters: a.filters, properties: ['openFile'] };
      const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      const file = picked.filePaths[0];
      if (picked.canceled || !file) return { canceled: true as const };
      if ((await stat(file)).size > MAX_OPEN_BYTES) {
        throw Object.assign(new Error(`${basename(file)} is larger than 512 MB.`), {
          userFacing: true,
          code: 'too_large',
        });
      }
      return { canceled: false as const, name: basename(file), dataBase64: (await readFile(file)).toString('base64') };
    },
  },
  'dialog/saveFile': {
    input: z.object({
      title: z.string().max(200).optional(),
      defaultName: z.string().min(1).max(255),
      dataBase64: z.string(),
      filters,
    }),
    async run(
      window: BrowserWindow | null,
      a: { title?: string; defaultName: string; dataBase64: string; filters?: Electron.FileFilter[] },
    ) {
      const options: Electron.SaveDialogOptions = {
        title: a.title,
        defaultPath: basename(a.defaultName),
        filters: a.filters,
      };
      const picked = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      if (picked.canceled || !picked.filePath) return { canceled: true as const };
      // Exports, packages and keys may hold personal data: the user's alone (see src/node/private-file.ts).
      await writeFile(picked.filePath, Buffer.from(a.dataBase64, 'base64'), { mode: 0o600 });
      narrowToOwner(picked.filePath);
      return { canceled: false as const, name: basename(picked.filePath) };
    },
  },
};

export type DialogOperationName = keyof typeof dialogOperations;

export function isDialogOperation(name: string): name is DialogOperationName {
  return Object.hasOwn(dialogOperations, name);
}

/** Validates and runs one dialog operation, answering like dispatch(): {ok, result} or {ok: false, error}. */
export async function runDialog(
  name: DialogOperationName,
  window: BrowserWindow | null,
  args: unknown,
): Promise<{ ok: true; result: unknown } | { ok: false; error: { code: string; message: string } }> {
  try {
    if (name === 'dialog/openFile') {
      const parsed = dialogOperations[name].input.safeParse(args ?? {});
      if (!parsed.success) return { ok: false, error: { code: 'invalid_arguments', message: parsed.error.message } };
      return { ok: true, result: await dialogOperations[name].run(window, parsed.data) };
    }
    const parsed = dialogOperations[name].input.safeParse(args ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'invalid_arguments', message: parsed.error.message } };
    return { ok: true, result: await dialogOperations[name].run(window, parsed.data) };
  } catch (e) {
    const err = e as { code?: string; message?: string; userFacing?: boolean };
    return {
      ok: false,
      error: { code: err.userFacing ? (err.code ?? 'failed') : 'internal', message: String(err.message ?? e) },
    };
  }
}
