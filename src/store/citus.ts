// The store's layout on a Citus cluster: after the migrations, on a coordinator (a database with
// the citus extension), the tables keyed by subject are distributed by subject_key in one
// co-location group and the small shared tables become reference tables. PGlite and a plain
// PostgreSQL never reach this module (migrate.ts asks citusPresent first). docs/scaling.md holds
// the table-by-table plan: what is laid out here, and what each remaining table waits for.
import type { Queryable } from './database.ts';
import { layOutCreditReportingOnCitus } from './citus-credit.ts';
import { layOutLedgerOnCitus } from './citus-ledger.ts';

/**
 * Tables distributed by subject_key, co-located with the first: a subject's rows of every one of
 * them lie in the shards of one index, on one worker.
 */
export const DISTRIBUTED_BY_SUBJECT: readonly string[] = [
  'subject_search',
  'subject',
  'credit_record',
  'person_role',
  'list_entry',
  'credit_personal_statement',
  'credit_own_report',
  'access_log',
  'credit_inquiry',
  'objection',
  'repair_application',
  'check_log',
  'check_feedback',
  'evaluation',
  'evaluation_override',
  'evaluation_history',
  'draw_population',
];

/**
 * Tables distributed by a column of their own in the subjects' group, each row placed by the
 * writer in its subject's shard. A report's verification code is drawn so that its hash falls in
 * its subject's shard (features/reports/verification-code.ts): a report is stored and verified by
 * its code alone on that shard, and the code, its primary key, stays unique over the cluster.
 */
export const DISTRIBUTED_IN_SUBJECT_SHARD: Readonly<Record<string, string>> = {
  report: 'code',
};

/**
 * Primary keys that lack subject_key on PostgreSQL, as they are on Citus, which refuses a key
 * without the distribution column. Each key's own column stays unique: an access log's id comes
 * from its sequence, an inquiry's id is random (96 bits).
 */
export const CITUS_KEYS: Readonly<Record<string, readonly string[]>> = {
  access_log: ['subject_key', 'id'],
  credit_inquiry: ['subject_key', 'inquiry_id'],
  // A check id is unique by construction (instant, process prefix, counter).
  check_log: ['subject_key', 'check_id'],
  check_feedback: ['subject_key', 'check_id'],
  // A record's roles lie with the record, in its subject's shard.
  person_role: ['subject_key', 'record_id', 'role'],
};

/**
 * Foreign keys between tables of the group that name the id alone, made on Citus over
 * (subject_key, id) once both tables are distributed: Citus refuses a key between distributed
 * tables without the distribution column. A feedback's subject is its check's (migration 34).
 */
export const CITUS_FOREIGN_KEYS: Readonly<Record<string, { constraint: string; columns: readonly string[]; references: string }>> = {
  check_feedback: { constraint: 'check_feedback_check_id_fkey', columns: ['subject_key', 'check_id'], references: 'check_log' },
};

/**
 * Indexes for lookups by an id alone, which on Citus are plain hash indexes: a unique index of
 * that name, or an exclusion constraint (`constraint`), which Citus refuses on a table distributed
 * by another column, is made again without uniqueness, and a check's id, unique in its primary key
 * elsewhere, gets one. The ids stay unique without it: an objection's or a repair's id is 96 bits
 * of a hash over its target, the instant and 64 random bits (as an inquiry's id is random), and
 * the primary key (subject_key, id) refuses one subject's id twice. A record's id is derived from
 * its subject's key, and intake files it once: it reads the stored filings of a batch's ids again
 * once it holds their subjects' logs (intake.service.ts). A list entry's id is a hash of its list
 * and its basis records, which are one subject's, and it is proposed once: by the filing of its
 * record, by the scheduler (which runs in one process at a time, under its lease: a server's, or
 * `xinyong tick`), or by an agency holding the subject's log.
 */
export const CITUS_LOOKUP_INDEXES: Readonly<Record<string, { index: string; column: string; constraint?: string }>> = {
  objection: { index: 'objection_id_idx', column: 'objection_id' },
  repair_application: { index: 'repair_id_idx', column: 'repair_id' },
  check_log: { index: 'check_log_id_idx', column: 'check_id' },
  credit_record: { index: 'credit_record_id_idx', column: 'record_id', constraint: 'credit_record_id_unique' },
  list_entry: { index: 'list_entry_id_idx', column: 'entry_id', constraint: 'list_entry_id_unique' },
};

/** Small tables every node holds a copy of, referenced tables before the tables that reference them. */
export const REFERENCE_TABLES: readonly string[] = ['agency', 'agency_key', 'account', 'session', 'login_client_failures', 'record_class', 'ledger_meta'];

/**
 * Tables left plain tables of the coordinator, which every server talks to and which alone reads
 * them. scheduler_lease is taken and renewed under row locks (features/scheduler/lease.store.ts):
 * on the coordinator they behave as PostgreSQL's, where on a reference table Citus locks the whole
 * shard (ShareLock for FOR KEY SHARE, ExclusiveLock for FOR NO KEY UPDATE, FOR UPDATE and UPDATE),
 * so the holder's renewal would wait behind its own work. A store laid out when it was a reference
 * table has it undistributed. evaluation_writer is the evaluation writers' lock, held shared by
 * each refresh and alone by a full run's swap (features/evaluation/evaluation.store.ts): a lock of
 * the coordinator's, which a refresh of one subject takes without reaching any worker but its
 * subject's.
 *
 * The progress and checkpoint tables are written by upserts and updates, which on a reference
 * table lock its whole shard until commit and write every node, in two phases: import_progress,
 * upserted in the transaction of each batch it counts (concurrent imports would queue behind one
 * another's commits; a mark lost with the coordinator between the worker's commit and its own
 * makes a resumed import file those lines again, answered duplicate); seed_progress, one row
 * updated once a batch; ledger_checkpoint, written once a second in a transaction that otherwise
 * only reads the workers' heads, and ledger_cosignature, upserted as witnesses answer;
 * credit_statement_compaction, which months are compacted, and the account histories with their
 * build's marks and the score's inputs (credit_account_history, credit_history_build,
 * credit_score_input), all empty on a cluster (months
 * are not compacted there, and histories are built of compacted months); and the lists' kept
 * daily exports (list_export, list_export_entry), written once a list a day; the public records'
 * kept days (record_publication_day, record_publication), a day's changes written once a day and
 * its header under a table lock; and the webhooks'
 * subscriptions and deliveries (webhook_subscription, webhook_delivery), claimed and updated row by
 * row by the dispatchers. No worker reads them.
 */
export const COORDINATOR_TABLES: readonly string[] = [
  'scheduler_lease',
  'evaluation_writer',
  'import_progress',
  'seed_progress',
  'ledger_checkpoint',
  'ledger_cosignature',
  'credit_statement_compaction',
  'credit_account_history',
  'credit_history_build',
  'credit_score_input',
  'list_export',
  'list_export_entry',
  'record_publication_day',
  'record_publication',
  'webhook_subscription',
  'webhook_delivery',
];

/**
 * Settings of every session the platform opens on a coordinator, as PostgreSQL's startup options.
 * The platform's statements are short: one subject's reads and writes, or a small batch over many
 * shards (a batch of checks logged, a filing's projection). Citus's executor would open up to 16
 * connections to a worker for one statement over several of its shards, and keep one when the
 * transaction ends, so each such statement connected afresh; with one connection a worker, a
 * statement's tasks on that worker run one after another over the connection the session keeps.
 */
export const CITUS_SESSION_OPTIONS = '-c citus.max_adaptive_executor_pool_size=1';

/** Whether this database is a Citus coordinator (the citus extension is installed in it). */
export async function citusPresent(q: Queryable): Promise<boolean> {
  const [row] = await q.query<{ present: boolean }>("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS present");
  return row!.present;
}

/**
 * Distributes the tables of the layout not distributed yet, in the caller's transaction (the
 * migrations'): a store migrated before it, or a table a later migration adds, is laid out when
 * the store is next opened. Returns the tables laid out now.
 */
export async function distributeOnCitus(tx: Queryable): Promise<string[]> {
  const done = new Set((await tx.query<{ table: string }>('SELECT logicalrelid::regclass::text AS table FROM pg_dist_partition')).map((r) => r.table));
  // A table a pending migration has not made yet (a store opened by a test up to a version) waits.
  const pending = new Set(
    (
      await tx.query<{ table: string }>('SELECT t AS table FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL', [
        [...REFERENCE_TABLES, ...DISTRIBUTED_BY_SUBJECT, ...Object.keys(DISTRIBUTED_IN_SUBJECT_SHARD)],
      ])
    ).map((r) => r.table),
  );
  for (const table of pending) if (done.has(table)) pending.delete(table);
  const laidOut: string[] = [];
  for (const table of COORDINATOR_TABLES) {
    if (!done.has(table)) continue;
    await tx.query('SELECT undistribute_table($1)', [table]);
    laidOut.push(table);
  }
  // The append-only tables refuse UPDATE and DELETE by row triggers that read nothing but the
  // row; Citus keeps such triggers on every shard when told they are safe.
  await tx.query("SELECT set_config('citus.enable_unsafe_triggers', 'on', true)");
  // Each table's shards are created over one connection per worker, so that later statements
  // of this transaction see them.
  await tx.query("SELECT set_config('citus.multi_shard_modify_mode', 'sequential', true)");
  for (const table of REFERENCE_TABLES) {
    if (!pending.has(table)) continue;
    await tx.query('SELECT create_reference_table($1)', [table]);
    laidOut.push(table);
  }
  const [anchor] = DISTRIBUTED_BY_SUBJECT;
  for (const [table, fk] of Object.entries(CITUS_FOREIGN_KEYS)) if (pending.has(table)) await tx.exec(`ALTER TABLE ${table} DROP CONSTRAINT ${fk.constraint}`);
  for (const table of DISTRIBUTED_BY_SUBJECT) {
    if (!pending.has(table)) continue;
    const key = CITUS_KEYS[table];
    if (key) await tx.exec(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey, ADD CONSTRAINT ${table}_pkey PRIMARY KEY (${key.join(', ')})`);
    const lookup = CITUS_LOOKUP_INDEXES[table];
    if (lookup) {
      if (lookup.constraint) await tx.exec(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${lookup.constraint}`);
      await tx.exec(`DROP INDEX IF EXISTS ${lookup.index}`);
      await tx.exec(`CREATE INDEX ${lookup.index} ON ${table} USING hash (${lookup.column})`);
    }
    await tx.query("SELECT create_distributed_table($1, 'subject_key', colocate_with => $2)", [table, table === anchor ? 'default' : anchor]);
    laidOut.push(table);
  }
  for (const [table, column] of Object.entries(DISTRIBUTED_IN_SUBJECT_SHARD)) {
    if (!pending.has(table)) continue;
    await tx.query('SELECT create_distributed_table($1, $2, colocate_with => $3)', [table, column, anchor]);
    laidOut.push(table);
  }
  for (const [table, fk] of Object.entries(CITUS_FOREIGN_KEYS)) {
    if (!pending.has(table)) continue;
    const columns = fk.columns.join(', ');
    await tx.exec(`ALTER TABLE ${table} ADD CONSTRAINT ${fk.constraint} FOREIGN KEY (${columns}) REFERENCES ${fk.references} (${columns})`);
  }
  laidOut.push(...(await layOutLedgerOnCitus(tx, anchor!)));
  laidOut.push(...(await layOutCreditReportingOnCitus(tx, anchor!)));
  return laidOut;
}
