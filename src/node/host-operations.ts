// Operations of the program around the database rather than inside it: which data file is open (数据文件: new,
// open, recent, reveal, back up, demo data in its own file) and the About box. The desktop app answers them over
// its IPC channel, the loopback server over HTTP; both before dispatch(), which knows one database only.
import { z } from 'zod';
import type { ApiResult } from '../api/dispatch.ts';
import { dispatch } from '../api/dispatch.ts';
import { DataFileError, type DataFileState, type Workspace } from './data-files.ts';
import { APP_VERSION } from './version.ts';

export type UiLanguage = 'zh' | 'en';

/** What differs between the desktop app and the browser UI. */
export interface Host {
  runtime: 'desktop' | 'browser';
  workspace: Workspace;
  /** Desktop: native dialogs. Absent in the browser, where the page sends a name or a path. */
  chooseNewFile?: (suggested: string) => Promise<string | undefined>;
  chooseExistingFile?: () => Promise<string | undefined>;
  /** Shows the file in the system's file manager. */
  reveal: (path: string) => Promise<void> | void;
  /** After the open file changed (the desktop app rebuilds its menu and reloads the window). */
  switched?: (state: DataFileState) => void;
  versions?: Record<string, string | undefined>;
}

const path = z.string().min(1).max(4096);

const inputs = {
  'app/about': z.object({}),
  'dataFile/current': z.object({}),
  'dataFile/create': z.object({ name: z.string().min(1).max(200).optional(), path: path.optional() }),
  'dataFile/open': z.object({ path: path.optional() }),
  'dataFile/reveal': z.object({}),
  'dataFile/backup': z.object({}),
  'dataFile/demo': z.object({
    respondents: z.number().int().min(50).max(20_000).optional(),
    population: z.number().int().min(10_000).max(5_000_000).optional(),
  }),
};

export type HostOperationName = keyof typeof inputs;

export function isHostOperation(name: string): name is HostOperationName {
  return Object.hasOwn(inputs, name);
}

const CANCELED = { canceled: true as const };

function stamp(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}

async function run(host: Host, name: HostOperationName, args: Record<string, unknown>): Promise<unknown> {
  const ws = host.workspace;
  const switched = (state: DataFileState) => {
    host.switched?.(state);
    return { canceled: false as const, ...state };
  };
  switch (name) {
    case 'app/about':
      return {
        version: APP_VERSION,
        runtime: host.runtime,
        dataFile: ws.path,
        versions: { node: process.versions.node, ...host.versions },
      };
    case 'dataFile/current':
      return ws.state();
    case 'dataFile/create': {
      const a = args as z.infer<(typeof inputs)['dataFile/create']>;
      let target = a.path ?? (a.name !== undefined ? ws.newFilePath(a.name) : undefined);
      if (!target && host.chooseNewFile) target = await host.chooseNewFile(ws.newFilePath(`调查数据-${stamp()}`));
      if (!target) return host.chooseNewFile ? CANCELED : invalid('name');
      return switched(await ws.create(target));
    }
    case 'dataFile/open': {
      const a = args as z.infer<(typeof inputs)['dataFile/open']>;
      const target = a.path ?? (await host.chooseExistingFile?.());
      if (!target) return host.chooseExistingFile ? CANCELED : invalid('path');
      return switched(await ws.open(target));
    }
    case 'dataFile/reveal':
      await host.reveal(ws.path);
      return { path: ws.path };
    case 'dataFile/backup':
      return { path: await ws.backup() };
    case 'dataFile/demo': {
      // Demo data never mix with fieldwork: a new file of their own, then the app's own "load demo data".
      const a = args as z.infer<(typeof inputs)['dataFile/demo']>;
      const state = await ws.create(ws.newFilePath(`示范数据-${stamp()}`));
      host.switched?.(state);
      const loaded = await dispatch(ws.context(), 'demo/load', a);
      if (!loaded.ok)
        throw Object.assign(new Error(loaded.error.message), { code: loaded.error.code, userFacing: true });
      return { ...state, canceled: false as const, demo: loaded.result };
    }
  }
}

function invalid(what: string): never {
  throw new DataFileError(
    'invalid_arguments',
    `缺少${what === 'name' ? '文件名' : '文件路径'}。`,
    `${what} is missing.`,
  );
}

/** Validates and runs one host operation, answering like dispatch(): {ok, result} or {ok: false, error}. */
export async function runHostOperation(
  host: Host,
  name: HostOperationName,
  args: unknown,
  lang: UiLanguage = 'zh',
): Promise<ApiResult<unknown>> {
  const parsed = inputs[name].safeParse(args ?? {});
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || name}: ${i.message}`).join('; ');
    return { ok: false, error: { code: 'invalid_arguments', message } };
  }
  try {
    return { ok: true, result: await run(host, name, parsed.data as Record<string, unknown>) };
  } catch (e) {
    if (e instanceof DataFileError) return { ok: false, error: { code: e.code, message: lang === 'en' ? e.en : e.zh } };
    const err = e as { code?: unknown; message?: string; userFacing?: boolean };
    // A database that cannot be opened (not SQLite, from a newer scilit, damaged): the store says why.
    const code = typeof err.code === 'string' && (err.userFacing || err.code.length < 40) ? err.code : 'failed';
    const prefix = lang === 'en' ? 'could not do it: ' : '未能完成：';
    return { ok: false, error: { code, message: `${prefix}${err.message ?? String(e)}` } };
  }
}
