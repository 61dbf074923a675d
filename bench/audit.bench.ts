// Audit: how long `verifyLedger` (what `xinyong audit verify` runs first) takes over a ledger of
// `--events` events (8,500,000 by default, about 1,000,000 subjects' worth) in 16 subject logs and
// the platform log, beside the floor of any audit through the store: reading every block's data
// once, in pages, with the same driver. The ledger is grown by the append's own code
// (writeLeaves: blocks, tiles and right edges), in chunks of one transaction each, with events
// shaped as intake files them, built from the synthetic generator's records (its subjects, names,
// decisions and fields; person hashes and record ids random), so that blocks compress as real
// ones do. `--keep DIR` keeps the store between runs (PGlite in DIR; on PostgreSQL the database
// named in DIR/database): a run grows the kept ledger from where it stands up to `--events`.
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { loadConfig } from '../src/kernel/config.ts';
import { loadPolicyPack } from '../src/kernel/policy-pack.ts';
import { canonicalJson } from '../src/kernel/canonical-json.ts';
import { Platform } from '../src/app/platform.ts';
import { logOf, PLATFORM_LOG, takeAllLogs, writeLeaves, type Leaf } from '../src/ledger/ledger.ts';
import { verifyLedger } from '../src/ledger/verify-ledger.ts';
import { generateDataset, type GeneratedRecord } from '../src/synthetic/generator.ts';
import type { Database } from '../src/store/database.ts';
import { log, machine, result, type BenchReport, type BenchResult } from './lib.ts';
import { benchStoreOf } from './kept-store.ts';

const PARTITIONS = 16;
const CHUNK = 100_000;
/** Events per subject in the seeded store (170,461 events for 20,000 subjects). */
const EVENTS_PER_SUBJECT = 8.5;
/** One platform event (an agency's, the policy's) for this many subject events. */
const PLATFORM_EVERY = 4000;

const hex = (seed: string, bytes: number) =>
  createHash('sha256')
    .update(seed)
    .digest('hex')
    .slice(0, bytes * 2);

/** A record.filed event of a generated record, as intake writes it (canonical JSON), and its subject. */
function eventOf(r: GeneratedRecord, n: number, pass: number, at: string): { subject: string; payload: string } {
  const { agency, record } = r as unknown as {
    agency: string;
    record: { item: string; subject: { code?: string; idNumber?: string; name: string }; decision: object; fields: Record<string, unknown> };
  };
  const key = record.subject.code ?? hex(`person/${record.subject.idNumber}`, 16);
  const fields: Record<string, unknown> = { ...record.fields };
  const persons: Array<{ hash: string; role: string }> = [];
  for (const [k, v] of Object.entries(record.fields)) {
    if (typeof v === 'string' && /^\d{17}[\dX]$/.test(v)) {
      const hash = hex(`id/${v}`, 32);
      fields[k] = { hash, masked: `${v.slice(0, 4)}**********${v.slice(-4)}` };
      persons.push({ hash, role: k.replace(/Id$/, '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`) });
    }
  }
  const start = (record.decision as { date: string }).date;
  const data = {
    agency,
    category: record.item.replace(/-(minor|general|serious|basics)$/, ''),
    decision: record.decision,
    fields,
    item: record.item,
    persons,
    polarity: /penalty|default|violation|arrears|abnormal|restriction|breach/.test(record.item) ? 'negative' : 'neutral',
    policyVersion: 'cn-national@2026.11',
    recordId: `rec_${hex(`record/${pass}/${n}`, 12)}`,
    ...(pass > 0 ? { reason: 'corrected on review', version: pass + 1 } : {}),
    subject: { code: record.subject.code ?? null, flags: [], key, kind: record.subject.code ? 'enterprise' : 'person', name: record.subject.name },
    window: { class: record.item, end: null, minimumEnd: null, published: true, repairable: false, ruleVersion: 'platform-baseline', start },
  };
  const type = pass > 0 ? 'record.corrected' : 'record.filed';
  const actor = `{"id":${JSON.stringify(agency)},"type":"agency"}`;
  return {
    subject: key,
    payload: `{"actor":${actor},"at":${JSON.stringify(at)},"data":${canonicalJson(data)},"subject":${JSON.stringify(key)},"type":"${type}"}`,
  };
}

/** The generator's records, again and again (each pass files corrections of the one before). */
function* records(subjects: number): Generator<{ r: GeneratedRecord; pass: number }> {
  const policy = loadPolicyPack(join(import.meta.dirname, '..', 'policy', 'cn-national'));
  for (let pass = 0; ; pass++) for (const r of generateDataset({ seed: 1, subjects, today: '2026-12-01', policy }).records()) yield { r, pass };
}

/** The events in the subject logs. */
async function subjectEvents(db: Database): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT coalesce(sum(size), 0)::bigint AS n FROM ledger_log WHERE log <> $1', [PLATFORM_LOG]);
  return row!.n;
}

/** Grows the ledger to `events` subject events, from where it stands; returns the seconds taken. */
async function grow(db: Database, events: number, name: string): Promise<number> {
  const t0 = performance.now();
  let done = await subjectEvents(db);
  if (done >= events) return 0;
  const source = records(Math.max(10, Math.round(events / EVENTS_PER_SUBJECT)));
  // The generator is deterministic: a kept ledger resumes with the records after those it holds.
  for (let i = 0; i < done; i++) source.next();
  const day = Date.parse('2021-12-05T02:00:00.000Z');
  while (done < events) {
    const n = Math.min(CHUNK, events - done);
    // One instant per chunk, rising: instants never decrease along a log.
    const at = new Date(day + Math.floor(done / CHUNK) * 60_000).toISOString();
    const leaves: Leaf[] = [];
    for (let i = 0; i < n; i++) {
      const { r, pass } = source.next().value!;
      const e = eventOf(r, done + i, pass, at);
      leaves.push({ log: logOf(e.subject, PARTITIONS), type: 'record.filed', subject: e.subject, at, payload: e.payload });
      if ((done + i) % PLATFORM_EVERY === 0) {
        const payload = `{"actor":{"id":"platform","type":"system"},"at":${JSON.stringify(at)},"data":{"code":"agency-${done + i}","kind":"market-regulation","name":"市场监督管理局"},"subject":null,"type":"agency.registered"}`;
        leaves.push({ log: PLATFORM_LOG, type: 'agency.registered', subject: null, at, payload });
      }
    }
    await db.transaction(async (tx) => {
      await writeLeaves(tx, await takeAllLogs(tx), leaves);
    });
    done += n;
    if ((done / CHUNK) % 10 === 0 || done === events) log(`${name}: ${done} of ${events} events`);
  }
  return (performance.now() - t0) / 1000;
}

/** Reads every block's data once, a page of rows at a time in the order of the key; returns the bytes read. */
async function readAllBlocks(db: Database): Promise<{ rows: number; bytes: number }> {
  let log = -1;
  let first = -1;
  let rows = 0;
  let bytes = 0;
  for (;;) {
    const page = await db.query<{ log: number; first_idx: number; data: Uint8Array }>(
      'SELECT log, first_idx, data FROM ledger_block WHERE (log, first_idx) > ($1, $2) ORDER BY log, first_idx LIMIT 2000',
      [log, first],
    );
    if (page.length === 0) return { rows, bytes };
    for (const r of page) bytes += r.data.length;
    rows += page.length;
    ({ log, first_idx: first } = page.at(-1)!);
  }
}

export async function run(args: Record<string, string | true>): Promise<BenchReport> {
  const events = Number(args.events ?? 8_500_000);
  const stores = String(args.stores ?? 'postgres').split(',') as Array<'pglite' | 'postgres'>;
  const keep = typeof args.keep === 'string' ? args.keep : null;
  const results: BenchResult[] = [];
  const notes: string[] = [];
  for (const name of stores) {
    const store = await benchStoreOf(name, stores, keep);
    const platform = await Platform.open(
      loadConfig({ dataDir: store.dataDir, databaseUrl: store.databaseUrl, idHashSecret: 'bench', logLevel: 'silent', ledgerLogs: PARTITIONS }, {}),
      { readOnly: true },
    );
    try {
      const db = platform.db;
      const built = await grow(db, events, name);
      const [size] = await db.query<{ blocks: number; bytes: number }>(
        'SELECT count(*)::bigint AS blocks, sum(octet_length(data))::bigint AS bytes FROM ledger_block',
      );
      const t0 = performance.now();
      const raw = await readAllBlocks(db);
      const rawSeconds = (performance.now() - t0) / 1000;
      log(`${name}: raw read of ${raw.rows} blocks (${raw.bytes} bytes) in ${rawSeconds.toFixed(1)} s`);
      const t1 = performance.now();
      const verified = await verifyLedger(db);
      const seconds = (performance.now() - t1) / 1000;
      if (!verified.intact) throw new Error(`the benchmark's ledger does not verify: ${JSON.stringify(verified.firstBroken)}`);
      log(`${name}: verifyLedger ${verified.events} events in ${seconds.toFixed(1)} s (${Math.round(verified.events / seconds)} events/s)`);
      results.push(
        result(name, 'seconds', seconds, 's', { name: "raw read of every block's data, in pages of 2,000 rows", value: rawSeconds }),
        result(name, 'events_per_second', verified.events / seconds, 'events/s'),
      );
      notes.push(
        `${name}: ${verified.events} events in ${size!.blocks} blocks (${size!.bytes} bytes of block data), ${built > 0 ? `grown through writeLeaves in ${built.toFixed(0)} s` : 'kept from an earlier run'}; verifyLedger found them intact`,
      );
    } finally {
      await platform.close();
      await store.cleanup();
    }
  }
  return { bench: 'audit', date: new Date().toISOString(), machine: machine(), params: { events, stores, partitions: PARTITIONS }, results, notes };
}
