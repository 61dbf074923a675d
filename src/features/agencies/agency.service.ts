// Agencies and their API keys: registration (an administrator's act, recorded in the ledger),
// key issue and revocation, and authentication of a bearer key to an agency principal.
import type { Database } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import { AppError } from '../../kernel/problems.ts';
import { appendEvents } from '../../ledger/ledger.ts';
import { currentActor } from '../../kernel/request-context.ts';
import { issueKey, parseKey, secretMatches } from './api-key.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { Agency, AgencyPrincipal } from '../../kernel/principal.ts';


const CODE_RE = /^[a-z0-9][a-z0-9-]{1,63}$/;

export class AgencyService {
  private readonly cache = new Map<string, { principal: AgencyPrincipal; hash: Buffer; at: number }>();
  private readonly verified = new Map<string, { principal: AgencyPrincipal; at: number }>();

  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
  ) {}

  /** Registers an agency and returns its first API key, which is shown only this once. */
  async register(input: { code: string; name: string; kind: string; items?: string[] | undefined }): Promise<{ agency: Agency; apiKey: string }> {
    if (!CODE_RE.test(input.code)) throw new AppError('validation-failed', `agency code '${input.code}' must be 2-64 lower-case letters, digits and hyphens`);
    if (!input.name.trim()) throw new AppError('validation-failed', 'the agency needs a name');
    if (!this.policy.agencyKinds.some((k) => k.code === input.kind)) {
      throw new AppError(
        'validation-failed',
        `'${input.kind}' is not an agency kind; the pack defines ${this.policy.agencyKinds.map((k) => k.code).join(', ')}`,
      );
    }
    const allowed = this.policy.itemsForAgencyKind(input.kind);
    const items = input.items && input.items.length > 0 ? input.items : allowed;
    const notAllowed = items.filter((i) => !allowed.includes(i));
    if (notAllowed.length > 0) {
      throw new AppError(
        'item-not-permitted',
        `an agency of kind ${input.kind} may not supply ${notAllowed.join(', ')}; it may supply ${allowed.join(', ') || 'nothing'}`,
      );
    }
    const agency: Agency = { code: input.code, name: input.name.trim(), kind: input.kind, items };
    const key = issueKey();
    const actor = currentActor();
    await this.db.transaction(async (tx) => {
      const existing = await tx.query('SELECT 1 FROM agency WHERE code = $1', [agency.code]);
      if (existing.length > 0) throw new AppError('validation-failed', `agency ${agency.code} is already registered`);
      await tx.query('INSERT INTO agency (code, name, kind, items) VALUES ($1, $2, $3, $4)', [agency.code, agency.name, agency.kind, agency.items]);
      await tx.query('INSERT INTO agency_key (key_id, agency_code, secret_hash) VALUES ($1, $2, $3)', [key.keyId, agency.code, key.secretHash]);
      await appendEvents(
        tx,
        [{ type: 'agency.registered', subject: null, data: { code: agency.code, items: agency.items, kind: agency.kind, name: agency.name } }],
        actor,
        this.clock.now(),
      );
    });
    return { agency, apiKey: key.apiKey };
  }

  /** Issues another key for an agency (rotation); old keys stay valid until revoked. */
  async issueKey(code: string): Promise<string> {
    const key = issueKey();
    const rows = await this.db.query('SELECT 1 FROM agency WHERE code = $1 AND disabled_at IS NULL', [code]);
    if (rows.length === 0) throw new AppError('not-found', `there is no active agency ${code}`);
    await this.db.query('INSERT INTO agency_key (key_id, agency_code, secret_hash) VALUES ($1, $2, $3)', [key.keyId, code, key.secretHash]);
    return key.apiKey;
  }

  async revokeKey(keyId: string): Promise<void> {
    await this.db.query('UPDATE agency_key SET revoked_at = now() WHERE key_id = $1 AND revoked_at IS NULL', [keyId]);
    this.cache.delete(keyId);
    for (const key of this.verified.keys()) if (key.startsWith(`xyk.${keyId}.`)) this.verified.delete(key);
  }

  async list(): Promise<Agency[]> {
    const rows = await this.db.query<{ code: string; name: string; kind: string; items: string[] }>(
      'SELECT code, name, kind, items FROM agency WHERE disabled_at IS NULL ORDER BY code',
    );
    return rows.map((r) => ({ code: r.code, name: r.name, kind: r.kind, items: r.items }));
  }

  async get(code: string): Promise<Agency | undefined> {
    const rows = await this.db.query<{ code: string; name: string; kind: string; items: string[] }>(
      'SELECT code, name, kind, items FROM agency WHERE code = $1 AND disabled_at IS NULL',
      [code],
    );
    return rows[0];
  }

  /** The agency of a key verified in the last minute, without waiting; else undefined (call authenticate). */
  verifiedNow(apiKey: string): AgencyPrincipal | undefined {
    const hot = this.verified.get(apiKey);
    return hot && Date.now() - hot.at < 60_000 ? hot.principal : undefined;
  }

  /**
   * The agency a bearer key belongs to. A key verified against its stored hash is remembered
   * for a minute (by the key itself, in memory only), so a busy agency is not re-hashed on
   * every request; revocation takes effect within that minute (at once in this process).
   */
  async authenticate(apiKey: string): Promise<AgencyPrincipal> {
    const now = Date.now();
    const hot = this.verified.get(apiKey);
    if (hot && now - hot.at < 60_000) return hot.principal;
    const parsed = parseKey(apiKey);
    if (!parsed) throw new AppError('invalid-credentials', 'the API key is not in the form xyk.<id>.<secret>');
    const cached = this.cache.get(parsed.keyId);
    if (cached && now - cached.at < 60_000 && secretMatches(parsed.secret, cached.hash)) {
      this.remember(apiKey, cached.principal, now);
      return cached.principal;
    }
    const rows = await this.db.query<{ secret_hash: Uint8Array; code: string; name: string; kind: string; items: string[] }>(
      `SELECT k.secret_hash, a.code, a.name, a.kind, a.items FROM agency_key k JOIN agency a ON a.code = k.agency_code
       WHERE k.key_id = $1 AND k.revoked_at IS NULL AND a.disabled_at IS NULL`,
      [parsed.keyId],
    );
    const row = rows[0];
    const hash = row ? Buffer.from(row.secret_hash) : null;
    if (!row || !hash || !secretMatches(parsed.secret, hash)) throw new AppError('invalid-credentials', 'the API key is not valid or has been revoked');
    const principal: AgencyPrincipal = { code: row.code, name: row.name, kind: row.kind, items: row.items, keyId: parsed.keyId };
    this.cache.set(parsed.keyId, { principal, hash, at: now });
    this.remember(apiKey, principal, now);
    return principal;
  }

  private remember(apiKey: string, principal: AgencyPrincipal, at: number): void {
    if (this.verified.size >= 10_000) this.verified.clear();
    this.verified.set(apiKey, { principal, at });
  }
}
