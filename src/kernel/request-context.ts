// The request context: who is acting, under which request id, carried through async calls by
// AsyncLocalStorage so the ledger can take its actor from here instead of every signature.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from './principal.ts';

export interface RequestContext {
  requestId: string;
  actor: Actor;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The actor of the current request; every ledger write needs one. */
export function currentActor(): Actor {
  const ctx = storage.getStore();
  if (!ctx) throw new Error('no actor: ledger writes must run inside a request context');
  return ctx.actor;
}
