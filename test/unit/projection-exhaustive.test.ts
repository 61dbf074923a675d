// A ledger event the projection does not know is an error, never silently ignored: an event type
// added to the ledger without a projection rule fails to compile (assertNever), and an unknown
// type arriving at run time (a newer writer, a damaged row) stops the projection.
import { describe, expect, it } from 'vitest';
import { applyEvents, emptyState, rowsNeeded } from '../../src/ledger/projection.ts';
import type { LedgerEvent } from '../../src/ledger/events.ts';

const unknown = {
  seq: 1,
  type: 'record.shredded',
  at: '2026-11-20T02:00:00.000Z',
  actor: { type: 'system', id: 'xinyong' },
  subject: '91330100716105852F',
  data: { recordId: 'r1' },
} as unknown as LedgerEvent;

describe('the projection over an unknown event type', () => {
  it('refuses it when deciding which rows to load', () => {
    expect(() => rowsNeeded([unknown], emptyState())).toThrow(/unexpected event.*record\.shredded/);
  });

  it('refuses it when applying events', () => {
    expect(() => applyEvents(emptyState(), [unknown])).toThrow(/unexpected event.*record\.shredded/);
  });
});
