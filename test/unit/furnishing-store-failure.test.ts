// A store that fails while a large batch is being validated: the accounts of each chunk of
// statements are asked about while the next chunk is validated, and the store's error ends the
// batch as its answer, never as a rejection nobody handles (which ends a Node process). The store
// here refuses every statement, as one that has gone away does.
import { afterEach, describe, expect, it } from 'vitest';
import { loadPolicyPack } from '../../src/kernel/policy-pack.ts';
import { FixedClock } from '../../src/kernel/clock.ts';
import { FurnishingService } from '../../src/features/credit-reporting/furnishing.service.ts';
import type { Database } from '../../src/store/database.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';
import { PACK } from '../support/pack-edits.ts';
import { statement } from '../support/furnishing.ts';

const gone = () => Promise.reject(new Error('the store has gone away'));
const goneStore = { kind: 'postgres', poolSize: 1, location: 'nowhere', query: gone, exec: gone, copyIn: gone, copyOut: gone, transaction: gone } as unknown as Database;

describe('furnishing when the store fails mid-validation', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  it('answers the store error, leaving no rejection unhandled', async () => {
    process.on('unhandledRejection', onUnhandled);
    const service = new FurnishingService(goneStore, loadPolicyPack(PACK), new FixedClock(new Date('2026-11-20T02:00:00Z')), 'secret');
    const bank = { kind: 'commercial-bank', code: 'bank-hangzhou' } as AgencyPrincipal;
    // More statements than one chunk of accounts asked about (20,000): the first chunk's question
    // fails while the rest are validated.
    const lines = Array.from({ length: 45_000 }, (_, i) => ({ line: i + 1, value: statement(`A-${i}`, '2026-10') }));
    await expect(service.furnish(bank, '2026-10', lines)).rejects.toThrow('the store has gone away');
    // Rejections are reported once the event loop turns.
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
  });
});
