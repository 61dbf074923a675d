// What the crash test's child files and the parent counts: the subjects, the decision numbers
// that say which batch a record came in, and the seeded generator behind every random choice.
import { buildUscc } from '../../src/domain/ids/uscc.ts';

/** A small seeded generator (mulberry32): the same seed gives the same batches and kill points. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The organisations the records are about. */
export const CRASH_SUBJECTS = Array.from({ length: 40 }, (_, i) => buildUscc('9', '1', '330100', String(20_000_000 + i * 7919)));

/** A batch's decision numbers start with this, so the parent can count each batch's records. */
export const batchPrefix = (cycle: number, batch: number): string => `崩溃〔${cycle}-${batch}〕`;

/** A LIKE pattern matching the decision numbers of every batch of a cycle. */
export const cyclePattern = (cycle: number): string => `崩溃〔${cycle}-%`;

/** What the parent tells the child. */
export interface CrashChildArgs {
  dataDir: string;
  databaseUrl: string | undefined;
  apiKey: string;
  cycle: number;
  seed: number;
  /** Records per batch: from 1 to this many. */
  maxBatch: number;
}
