// The agencies' SQL: the agency table and its API keys (each stored as the hash of its secret).
import type { Queryable } from '../../store/database.ts';
import type { Agency } from '../../kernel/principal.ts';

/** Whether an agency is registered under a code (active or disabled). */
export async function agencyExists(q: Queryable, code: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM agency WHERE code = $1', [code])).length > 0;
}

export async function activeAgencyExists(q: Queryable, code: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM agency WHERE code = $1 AND disabled_at IS NULL', [code])).length > 0;
}

export async function insertAgency(q: Queryable, agency: Agency): Promise<void> {
  await q.query('INSERT INTO agency (code, name, kind, items) VALUES ($1, $2, $3, $4)', [agency.code, agency.name, agency.kind, agency.items]);
}

export async function insertKey(q: Queryable, key: { keyId: string; agencyCode: string; secretHash: Buffer | Uint8Array }): Promise<void> {
  await q.query('INSERT INTO agency_key (key_id, agency_code, secret_hash) VALUES ($1, $2, $3)', [key.keyId, key.agencyCode, key.secretHash]);
}

export async function revokeKey(q: Queryable, keyId: string): Promise<void> {
  await q.query('UPDATE agency_key SET revoked_at = now() WHERE key_id = $1 AND revoked_at IS NULL', [keyId]);
}

/** The active agencies, by code. */
export async function activeAgencies(q: Queryable): Promise<Agency[]> {
  const rows = await q.query<{ code: string; name: string; kind: string; items: string[] }>(
    'SELECT code, name, kind, items FROM agency WHERE disabled_at IS NULL ORDER BY code',
  );
  return rows.map((r) => ({ code: r.code, name: r.name, kind: r.kind, items: r.items }));
}

export async function activeAgency(q: Queryable, code: string): Promise<Agency | undefined> {
  const rows = await q.query<{ code: string; name: string; kind: string; items: string[] }>(
    'SELECT code, name, kind, items FROM agency WHERE code = $1 AND disabled_at IS NULL',
    [code],
  );
  return rows[0];
}

/** An unrevoked key of an active agency, with its secret's hash and the agency. */
export async function keyOfActiveAgency(q: Queryable, keyId: string): Promise<{ secretHash: Uint8Array; agency: Agency } | undefined> {
  const rows = await q.query<{ secret_hash: Uint8Array; code: string; name: string; kind: string; items: string[] }>(
    `SELECT k.secret_hash, a.code, a.name, a.kind, a.items FROM agency_key k JOIN agency a ON a.code = k.agency_code
     WHERE k.key_id = $1 AND k.revoked_at IS NULL AND a.disabled_at IS NULL`,
    [keyId],
  );
  const row = rows[0];
  return row && { secretHash: row.secret_hash, agency: { code: row.code, name: row.name, kind: row.kind, items: row.items } };
}
