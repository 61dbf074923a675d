// What a store holds, in a form two stores can be compared by: counts and digests of the subjects,
// records, list entries, the ledger's events (per log: how many, and their types and subjects in
// order), furnishing, inquiries, checks, accounts, agencies and evaluations. Instants are left
// out (a seed's last steps run at the wall clock's day); everything else a seed writes is in.
import { createHash } from 'node:crypto';
import { openDatabase } from '../../src/store/open.ts';
import { readEvents } from '../../src/ledger/ledger.ts';
import type { Queryable } from '../../src/store/database.ts';

export type StoreDigest = Record<string, string | number>;

const QUERIES: Record<string, string> = {
  subjects: `SELECT count(*)::int AS n, md5(coalesce(string_agg(subject_key, ',' ORDER BY subject_key), '')) AS d FROM subject`,
  records: `SELECT count(*)::int AS n, md5(coalesce(string_agg(record_id || ':' || subject_key, ',' ORDER BY record_id), '')) AS d FROM credit_record`,
  listEntries: `SELECT count(*)::int AS n, md5(coalesce(string_agg(entry_id || ':' || state || ':' || coalesce(notice_served_on::text, '') || ':' || coalesce(listed_on::text, '') || ':' || coalesce(removed_on::text, ''), ',' ORDER BY entry_id), '')) AS d FROM list_entry`,
  events: `SELECT count(*)::int AS n, md5(coalesce(string_agg(log || ':' || size, ',' ORDER BY log), '')) AS d FROM ledger_log`,
  furnishing: `SELECT count(*)::int AS n, md5(coalesce(string_agg(batch_id, ',' ORDER BY batch_id), '')) AS d FROM furnishing_batch`,
  inquiries: `SELECT count(*)::int AS n, md5(coalesce(string_agg(lender || ':' || coalesce(consent, ''), ',' ORDER BY lender, consent), '')) AS d FROM credit_inquiry`,
  consents: `SELECT count(*)::int AS n, md5(coalesce(string_agg(lender || ':' || reference, ',' ORDER BY lender, reference), '')) AS d FROM credit_inquiry_consent`,
  checks: `SELECT count(*)::int AS n, md5(coalesce(string_agg(subject_key || ':' || asked_by, ',' ORDER BY subject_key, asked_by), '')) AS d FROM check_log`,
  feedback: `SELECT count(*)::int AS n, '' AS d FROM check_feedback`,
  accounts: `SELECT count(*)::int AS n, md5(coalesce(string_agg(username, ',' ORDER BY username), '')) AS d FROM account`,
  agencies: `SELECT count(*)::int AS n, md5(coalesce(string_agg(code, ',' ORDER BY code), '')) AS d FROM agency`,
  evaluations: `SELECT count(*)::int AS n, '' AS d FROM evaluation`,
};

export async function storeDigest(where: { dataDir: string; databaseUrl: string | undefined }): Promise<StoreDigest> {
  const db = await openDatabase({ dataDir: where.dataDir, databaseUrl: where.databaseUrl });
  try {
    const out: StoreDigest = {};
    for (const [name, sql] of Object.entries(QUERIES)) {
      const [row] = await db.query<{ n: number; d: string }>(sql);
      out[name] = row!.n;
      if (row!.d) out[`${name}Digest`] = row!.d;
    }
    // The ledger's events in order, without their instants or the random ids of inquiries.
    const h = createHash('sha256');
    for (const line of await ledgerLines(db)) h.update(`${line}\n`);
    out.eventSequence = h.digest('hex');
    return out;
  } finally {
    await db.close();
  }
}

/** Each event of the ledger as a line: its place, type, subject, actor and data (an inquiry's random id left out). */
async function ledgerLines(db: Queryable): Promise<string[]> {
  const out: string[] = [];
  for await (const page of readEvents(db)) {
    for (const e of page) {
      const data = e.type === 'credit.inquiry' ? { ...e.data, inquiryId: '' } : e.data;
      out.push(`${e.log}:${e.index}:${e.type}:${e.subject ?? ''}:${e.actor.type}:${e.actor.id}:${JSON.stringify(data)}`);
    }
  }
  return out;
}

/** The first event in which two stores' ledgers differ, or null (to say what a digest's difference is). */
export async function firstLedgerDifference(
  a: { dataDir: string; databaseUrl: string | undefined },
  b: { dataDir: string; databaseUrl: string | undefined },
): Promise<{ a: string | undefined; b: string | undefined } | null> {
  const read = async (w: typeof a) => {
    const db = await openDatabase({ dataDir: w.dataDir, databaseUrl: w.databaseUrl });
    try {
      return await ledgerLines(db);
    } finally {
      await db.close();
    }
  };
  const [la, lb] = [await read(a), await read(b)];
  const i = la.findIndex((line, k) => line !== lb[k]);
  if (i < 0 && la.length === lb.length) return null;
  const k = i < 0 ? la.length : i;
  return { a: la[k], b: lb[k] };
}
