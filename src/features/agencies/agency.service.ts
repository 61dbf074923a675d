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
import { activeAgencies, activeAgency, activeAgencyExists, agencyExists, insertAgency, insertKey, keyOfActiveAgency, revokeKey } from './agency.store.ts';

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
      if (await agencyExists(tx, agency.code)) throw new AppError('validation-failed', `agency ${agency.code} is already registered`);
      await insertAgency(tx, agency);
      await insertKey(tx, { keyId: key.keyId, agencyCode: agency.code, secretHash: key.secretHash });
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
    if (!(await activeAgencyExists(this.db, code))) throw new AppError('not-found', `there is no active agency ${code}`);
    await insertKey(this.db, { keyId: key.keyId, agencyCode: code, secretHash: key.secretHash });
    return key.apiKey;
  }

  async revokeKey(keyId: string): Promise<void> {
    await revokeKey(this.db, keyId);
    this.cache.delete(keyId);
    for (const key of this.verified.keys()) if (key.startsWith(`xyk.${keyId}.`)) this.verified.delete(key);
  }

  list(): Promise<Agency[]> {
    return activeAgencies(this.db);
  }

  get(code: string): Promise<Agency | undefined> {
    return activeAgency(this.db, code);
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
    const row = await keyOfActiveAgency(this.db, parsed.keyId);
    const hash = row ? Buffer.from(row.secretHash) : null;
    if (!row || !hash || !secretMatches(parsed.secret, hash)) throw new AppError('invalid-credentials', 'the API key is not valid or has been revoked');
    const principal: AgencyPrincipal = { ...row.agency, keyId: parsed.keyId };
    this.cache.set(parsed.keyId, { principal, hash, at: now });
    this.remember(apiKey, principal, now);
    return principal;
  }

  private remember(apiKey: string, principal: AgencyPrincipal, at: number): void {
    if (this.verified.size >= 10_000) this.verified.clear();
    this.verified.set(apiKey, { principal, at });
  }
}
