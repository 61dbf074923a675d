// The seed's agencies and lenders, registered by the administrator like any agency; a resumed
// seed takes up those a stopped one registered, with the key that seed handed out (kept in the
// pending credentials) or, where the stop came before the key was kept, a key issued now (keys
// are no ledger events, so the ledger is the same either way).
import type { Platform } from '../platform.ts';
import type { Agency, AgencyPrincipal } from '../../kernel/principal.ts';
import { runWithContext } from '../../kernel/request-context.ts';
import { SEED_ADMINISTRATOR } from '../../kernel/constants.ts';
import { AppError } from '../../kernel/problems.ts';

/** API keys a seed has handed out, by agency code, kept where a resumed seed finds them. */
export interface KeyBook {
  get(code: string): string | undefined;
  set(code: string, apiKey: string): void;
}

export async function ensureAgency(
  platform: Platform,
  input: { code: string; name: string; kind: string },
  keys?: KeyBook,
): Promise<{ agency: Agency; apiKey: string; principal: AgencyPrincipal }> {
  const registered = await platform.agencies.get(input.code);
  if (!registered) {
    const { agency, apiKey } = await runWithContext({ requestId: 'seed', actor: SEED_ADMINISTRATOR }, () => platform.agencies.register(input));
    keys?.set(agency.code, apiKey);
    return { agency, apiKey, principal: await platform.agencies.authenticate(apiKey) };
  }
  const kept = keys?.get(input.code);
  if (kept !== undefined) {
    try {
      return { agency: registered, apiKey: kept, principal: await platform.agencies.authenticate(kept) };
    } catch (err) {
      // A key kept for another store (the same directory seeded again after its store was emptied).
      if (!(err instanceof AppError && err.code === 'invalid-credentials')) throw err;
    }
  }
  const apiKey = await platform.agencies.issueKey(input.code);
  keys?.set(input.code, apiKey);
  return { agency: registered, apiKey, principal: await platform.agencies.authenticate(apiKey) };
}
