// The database a person works in, and the ones they worked in before (the "数据文件" menu): the desktop app and
// the browser UI open, create, switch and back up databases through this one module. A switch opens the new file
// first (a file that cannot be opened leaves the current one open and untouched) and is refused while a long job
// still writes to the current one.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { openDatabase } from '../../db/sqlite.ts';
import type { ApiContext, JobRunner, JobStatus } from '../api/operation.ts';
import type { SqlDriver } from '../store/driver.ts';
import { backupDatabase } from './backup.ts';
import { ensureBundledForm } from './bundled-form.ts';
import { createJobPool, type JobPool } from './jobs/pool.ts';

const RECENT_FILE = 'recent-files.json';
const RECENT_KEPT = 10;
export const BACKUPS_KEPT = 10;

export interface RecentFile {
  path: string;
  name: string;
  openedAt: string;
  /** False when the file has been moved or deleted since. */
  exists: boolean;
}

export interface DataFileState {
  path: string;
  name: string;
  sizeBytes: number;
  /** The per-user data folder (新建 puts files here; backups go to its `backups` folder). */
  dataFolder: string;
  backupsFolder: string;
  recent: RecentFile[];
  /** Databases in the data folder, for the browser's "open" list. */
  inDataFolder: { path: string; name: string }[];
}

export interface WorkspaceOptions {
  /** The per-user data folder: recent list, new databases, backups. */
  dataFolder: string;
  /** The job pool's worker script (the packaged desktop app gives its unpacked bundle). */
  workerUrl?: URL;
  /** Options of the job pool (tests add operations here). */
  jobs?: { extraOperations?: string; cancelGraceMs?: number };
}

/** An error the person can act on, in both languages; the host shows the one of the UI. */
export class DataFileError extends Error {
  readonly userFacing = true;
  constructor(
    readonly code: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'DataFileError';
  }
}

/** The file worked in last (the desktop app reopens it), when it still exists. */
export function lastOpenedFile(dataFolder: string): string | undefined {
  try {
    const list = JSON.parse(readFileSync(join(dataFolder, RECENT_FILE), 'utf8')) as { path?: unknown }[];
    const first = Array.isArray(list) ? list[0]?.path : undefined;
    return typeof first === 'string' && existsSync(first) ? first : undefined;
  } catch {
    return undefined;
  }
}

function isDatabaseName(name: string): boolean {
  return ['.sqlite', '.sqlite3', '.db'].includes(extname(name).toLowerCase());
}

export class Workspace {
  private pool: JobPool | undefined;
  private readonly unfinished = new Set<string>();

  private constructor(
    private readonly options: WorkspaceOptions,
    private current: SqlDriver,
  ) {}

  /**
   * Opens `path` (created when missing) and remembers it as the latest file. The desktop app also puts the bundled
   * questionnaire in it; files created or opened later through the menu always get it.
   */
  static async open(path: string, options: WorkspaceOptions, { bundledForm = true } = {}): Promise<Workspace> {
    const db = bundledForm ? await openWithForm(resolve(path), true) : openDatabase(resolve(path), { create: true });
    const ws = new Workspace(options, db);
    ws.remember(db.path);
    return ws;
  }

  get db(): SqlDriver {
    return this.current;
  }

  get path(): string {
    return this.current.path;
  }

  /** The context dispatch() runs with: always the database open now, and its job pool. */
  context(): ApiContext {
    const ws = this;
    return {
      get db() {
        return ws.current;
      },
      get jobs() {
        return ws.jobs;
      },
    };
  }

  /** Long operations on the open database's job pool; jobs not yet ended are counted so a switch can wait. */
  get jobs(): JobRunner {
    this.pool ??= createJobPool({ dbPath: this.current.path, workerUrl: this.options.workerUrl, ...this.options.jobs });
    const pool = this.pool;
    const unfinished = this.unfinished;
    return {
      start(name, args) {
        const id = pool.start(name, args);
        unfinished.add(id);
        void pool.wait(id).finally(() => unfinished.delete(id));
        return id;
      },
      status: (id: string): JobStatus | undefined => pool.status(id),
      cancel: (id: string) => pool.cancel(id),
      wait: (id: string) => pool.wait(id),
    };
  }

  state(): DataFileState {
    const dataFolder = this.options.dataFolder;
    let inDataFolder: DataFileState['inDataFolder'] = [];
    try {
      inDataFolder = readdirSync(dataFolder)
        .filter((n) => isDatabaseName(n))
        .sort()
        .map((n) => ({ path: join(dataFolder, n), name: n }));
    } catch {
      // No data folder yet: nothing to list.
    }
    return {
      path: this.path,
      name: basename(this.path),
      sizeBytes: existsSync(this.path) ? statSync(this.path).size : 0,
      dataFolder,
      backupsFolder: join(dataFolder, 'backups'),
      recent: this.recent(),
      inDataFolder,
    };
  }

  /** Files opened before, newest first (the one open now included). */
  recent(): RecentFile[] {
    let list: { path: string; openedAt: string }[] = [];
    try {
      list = JSON.parse(readFileSync(join(this.options.dataFolder, RECENT_FILE), 'utf8'));
      if (!Array.isArray(list)) list = [];
    } catch {
      list = [];
    }
    return list
      .filter((r) => typeof r?.path === 'string' && typeof r?.openedAt === 'string')
      .map((r) => ({ path: r.path, name: basename(r.path), openedAt: r.openedAt, exists: existsSync(r.path) }));
  }

  private remember(path: string): void {
    const list = [
      { path, openedAt: new Date().toISOString() },
      ...this.recent()
        .filter((r) => r.path !== path)
        .map(({ path: p, openedAt }) => ({ path: p, openedAt })),
    ].slice(0, RECENT_KEPT);
    try {
      mkdirSync(this.options.dataFolder, { recursive: true });
      writeFileSync(join(this.options.dataFolder, RECENT_FILE), `${JSON.stringify(list, null, 1)}\n`);
    } catch {
      // The list is a convenience: a read-only data folder must not stop the work.
    }
  }

  /** Where a new database called `name` goes: the data folder, with a database extension. */
  newFilePath(name: string): string {
    // No folders, no characters Windows forbids in file names, no control characters.
    const clean = [...name.trim()].map((c) => (c < ' ' || '\\/:*?"<>|'.includes(c) ? '_' : c)).join('');
    if (clean === '' || clean === '.' || clean === '..') {
      throw new DataFileError('invalid_name', '请给新数据文件起一个名字。', 'give the new data file a name.');
    }
    return join(this.options.dataFolder, isDatabaseName(clean) ? clean : `${clean}.sqlite`);
  }

  /** Creates a new database at `path` (never over an existing file) and works in it from now on. */
  async create(path: string): Promise<DataFileState> {
    const target = resolve(path);
    if (existsSync(target)) {
      throw new DataFileError(
        'exists',
        `${target} 已存在；为免覆盖数据，请换一个名字，或用“打开”来使用它。`,
        `${target} already exists; to keep its data, choose another name or open it instead.`,
      );
    }
    mkdirSync(dirname(target), { recursive: true });
    return this.switchTo(target, true);
  }

  /** Opens an existing database and works in it from now on. */
  async open(path: string): Promise<DataFileState> {
    const target = resolve(path);
    if (!existsSync(target)) {
      throw new DataFileError('not_found', `找不到 ${target}。`, `${target} does not exist.`);
    }
    return this.switchTo(target, false);
  }

  private async switchTo(path: string, create: boolean): Promise<DataFileState> {
    if (path === this.path) return this.state();
    if (this.unfinished.size > 0) {
      throw new DataFileError(
        'busy',
        '后台任务（导入、报告等）仍在写入当前数据文件：请等它完成或取消后再切换。',
        'a background job (import, report…) is still writing to the current data file: wait for it or cancel it first.',
      );
    }
    // The new file first: if it cannot be opened, the current one stays open and nothing changes.
    const next = await openWithForm(path, create);
    const pool = this.pool;
    this.pool = undefined;
    const previous = this.current;
    this.current = next;
    await pool?.close();
    previous.close();
    this.remember(path);
    return this.state();
  }

  /** An online backup of the open database into the data folder's `backups`, the newest ten kept. */
  backup(): Promise<string> {
    return backupDatabase(this.path, join(this.options.dataFolder, 'backups'), BACKUPS_KEPT);
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
    this.current.close();
  }
}

async function openWithForm(path: string, create: boolean): Promise<SqlDriver> {
  const db = openDatabase(path, { create });
  try {
    await ensureBundledForm(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}
