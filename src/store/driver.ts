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
  /** Runs `fn` in one transaction (a savepoint when nested); rolls back when it throws. */
  transaction<T>(fn: () => T): T;
  close(): void;
}
