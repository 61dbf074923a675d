// The messages between the main thread and the thread that runs an embedded store
// (pglite-thread.ts sends, pglite-worker.ts answers).

export interface PgliteThreadOptions {
  dir: string | null;
  relaxedDurability: boolean;
}

export type PgliteRequest = { id: number } & (
  | { op: 'query'; sql: string; params: readonly unknown[] | undefined }
  | { op: 'exec'; sql: string }
  | { op: 'copyIn'; table: string; columns: readonly string[]; bytes: Uint8Array }
  | { op: 'copyOut'; sql: string }
  | { op: 'listen'; channel: string }
  | { op: 'unlisten'; channel: string }
  | { op: 'close' }
);

export type Op = PgliteRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export type PgliteReply =
  | { id: number; ok: true; value: unknown; syncs: number }
  | { id: number; ok: false; name: string; message: string; fields: Record<string, string | number>; syncs: number };

export type Notification = { notification: string; payload: string };
