/**
 * The storage boundary. The core writes SQL against this interface only; the better-sqlite3 implementation
 * lives in db/sqlite.ts. Calls are synchronous (as better-sqlite3's are), which keeps a transaction a plain
 * function call: nothing else can interleave with it.
 */
export type SqlValue = string | number | bigint | null | Uint8Array;
/** Positional (`?`) or named (`@name`) parameters. Values are always bound, never spliced into SQL. */
export type SqlParams = readonly SqlValue[] | Readonly<Record<string, SqlValue>>;

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface SqlStatement<Row> {
  run(params?: SqlParams): RunResult;
  get(params?: SqlParams): Row | undefined;
  all(params?: SqlParams): Row[];
  iterate(params?: SqlParams): IterableIterator<Row>;
}

export interface SqlDriver {
  /** The file behind this connection, for messages. */
  readonly path: string;
  /** A prepared statement, cached by its SQL text. */
  prepare<Row = Record<string, SqlValue>>(sql: string): SqlStatement<Row>;
  run(sql: string, params?: SqlParams): RunResult;
  get<Row = Record<string, SqlValue>>(sql: string, params?: SqlParams): Row | undefined;
  all<Row = Record<string, SqlValue>>(sql: string, params?: SqlParams): Row[];
  /** Runs constant SQL with several statements (migrations). Never pass data through it. */
  exec(sql: string): void;
  /**
   * Runs `fn` in one transaction (a savepoint when nested); rolls back when it throws. A top-level transaction takes
   * the write lock at once (BEGIN IMMEDIATE), so that a transaction that reads before it writes never fails with
   * SQLITE_BUSY for a write that committed in between.
   */
  transaction<T>(fn: () => T): T;
  /**
   * True while a person's write (a saved answer) waits for this connection's transaction: a long job writing in
   * slices commits what it has and lets it in. Absent where nobody can wait (a single-threaded tool).
   */
  othersWaiting?(): boolean;
  /** Who writes through this connection (process, and job in a job worker): recorded on unfinished bulk writes. */
  writerId?(): string;
  close(): void;
}
