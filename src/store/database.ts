// The storage port: the narrow interface every service uses, implemented by an embedded
// PGlite and by a PostgreSQL server. One SQL dialect (PostgreSQL) behind both; the driver
// differences (type parsing, transactions, notifications) stay in the driver files.

export type Row = Record<string, unknown>;

export interface Queryable {
  /** Runs one statement with positional parameters ($1, $2, ...). */
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Bulk-loads rows with COPY ... FROM STDIN in text format (see copy.ts for the encoding). */
  copyIn(table: string, columns: readonly string[], text: string): Promise<void>;
  /**
   * Runs COPY (query) TO STDOUT in text format and returns the text (see bulk-read.ts). COPY
   * takes no parameters: the query's values are literals (bulk-read.ts quotes them).
   */
  copyOut(query: string): Promise<string>;
}

/** The engine behind the port: PGlite, a PostgreSQL server, or the coordinator of a Citus cluster. */
export type StoreKind = 'pglite' | 'postgres' | 'citus';

export interface Database extends Queryable {
  /**
   * A COPY bounded in time, for a write that something waits on (the check log). It rejects as
   * soon as `signal` aborts. On PostgreSQL it runs on a connection of its own on which connecting
   * gives up after `ms` and the server cancels any statement after `ms` (rolled back), so a
   * stalled server keeps no COPY running; an abort closes that connection, so a connection the
   * network dropped holds nothing (what the server already holds may still commit before its
   * time is up). PGlite runs in this process and has no connection to lose: there it is copyIn.
   */
  copyInWithin(table: string, columns: readonly string[], text: string, ms: number, signal: AbortSignal): Promise<void>;
  readonly kind: StoreKind;
  /** How many statements can run at once: PostgreSQL's pool size; 1 on PGlite. */
  readonly poolSize: number;
  /** A human description of where the data lives, without secrets. */
  readonly location: string;
  /** Runs fn in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Sends a notification on a channel (PostgreSQL NOTIFY; in-process on PGlite). */
  notify(channel: string, payload: string): Promise<void>;
  /** Subscribes to a channel; returns an unsubscribe function. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Type parsers shared by both drivers: int8 as number, dates as YYYY-MM-DD strings. */
export const TYPE_PARSERS: Record<number, (value: string) => unknown> = {
  20: (v) => Number(v), // int8: ledger indexes, sizes and counts stay far below 2^53
  1082: (v) => v, // date: keep the calendar date, never a midnight instant in some zone
};

/** Whether an error is the store refusing a row whose unique key another row holds (SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}
