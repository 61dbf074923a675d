// The request context: who is acting, under which request id, carried through async calls by
// AsyncLocalStorage. The HTTP edge and the CLI set it; services that write the ledger or the
// access log without a principal in their signature read the actor here and pass it on (the
// ledger itself takes the actor as an argument).
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

/** The actor of the current request, for a service about to write the ledger; throws outside a context. */
export function currentActor(): Actor {
  const ctx = storage.getStore();
  if (!ctx) throw new Error('no actor: ledger writes must run inside a request context');
  return ctx.actor;
}
