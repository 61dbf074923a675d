// The platform's own constants, in one place: the actors that act for no principal and the
// advisory locks that serialise writers across processes sharing one store.
import type { Actor } from './principal.ts';

/** The platform itself: the scheduler, follow-up events of intake, startup. */
export const SYSTEM_ACTOR: Actor = { type: 'system', id: 'xinyong' };
/** The demo seeder, filing the synthetic country's records. */
export const SEED_ACTOR: Actor = { type: 'system', id: 'seed' };
/** The demo seeder acting as the administrator: registering agencies, creating accounts. */
export const SEED_ADMINISTRATOR: Actor = { type: 'administrator', id: 'seed' };
/** The actor of a request without credentials. */
export const PUBLIC_ACTOR: Actor = { type: 'subject', id: 'public' };

/**
 * PostgreSQL advisory-lock ids (transaction scoped). Each serialises one kind of writer across
 * every process on the store; the numbers are fixed because two versions of the platform may
 * briefly share a store during an upgrade.
 */
export const ADVISORY_LOCK = {
  /** Applying migrations. */
  migrations: 7262001,
  /** Making the ledger's logs in a new store, or converting an earlier release's chain into them. */
  ledgerLogs: 7262002,
  /** Writing the evaluation table. */
  evaluation: 7262003,
  /** Indexing a store that had subjects before search existed. */
  searchIndex: 7262008,
  /** Signing the ledger's next checkpoint. */
  checkpoint: 7262009,
  /**
   * A log on a store laid out on Citus shards, held on the coordinator beside the log's row on its
   * worker: the first key of a two-key lock whose second is the log's number.
   */
  log: 7262010,
} as const;

/**
 * How long a published statistic (checks by outcome, records by category and year) is served
 * before it is counted again: the counts read every record of five years, and a minute's delay
 * in a public statistic harms no one.
 */
export const STATISTICS_TTL_MS = 60_000;
