// The deciding agencies' list work in a seed, through the list service, and what it came to. The
// work is decided by the entries' states at the clock's day alone, so doing it twice on one day
// does it once: a resumed seed redoes the step a stop interrupted without a second notice or
// decision.
import type { Platform } from '../platform.ts';
import type { AgencyPrincipal, Principal } from '../../kernel/principal.ts';
import { runWithContext } from '../../kernel/request-context.ts';
import { loadEntriesInStates } from '../../ledger/projection.ts';
import { LIST_ENTRY_STATES } from '../../domain/lists.ts';

/**
 * The deciding agencies work through their queues: notify what was proposed; decide what was
 * notified before and whose period to answer has run out (about one in ten proposals is dropped,
 * as statements sometimes succeed). Redlists need no notice and are decided at once.
 */
export async function workLists(platform: Platform, principals: Map<string, AgencyPrincipal>): Promise<void> {
  const today = platform.policy.localDate(platform.clock.now());
  const rows = await loadEntriesInStates(platform.db, ['proposed', 'notified', 'statement-received']);
  const byAgency = new Map<string, Array<{ entryId: string; action: Parameters<Platform['lists']['act']>[2] }>>();
  const push = (agency: string, entryId: string, action: Parameters<Platform['lists']['act']>[2]) => {
    const list = byAgency.get(agency) ?? [];
    list.push({ entryId, action });
    byAgency.set(agency, list);
  };
  for (const r of rows) {
    const def = platform.policy.list(r.list)!;
    const drop = parseInt(r.entryId.slice(-2), 16) % 10 === 0;
    if (r.state === 'proposed' && def.notice.required) {
      push(r.decidingAgency, r.entryId, { type: 'notify', facts: `${def.inclusion.description.zh} 拟列入${def.name.zh}，当事人可在期限内陈述申辩。` });
    } else if (
      r.state === 'proposed' ||
      r.state === 'statement-received' ||
      (r.state === 'notified' && r.noticeDeadline !== null && r.noticeDeadline < today)
    ) {
      push(
        r.decidingAgency,
        r.entryId,
        drop
          ? { type: 'decide', outcome: 'drop', reasons: '当事人陈述申辩理由成立，不予列入。' }
          : { type: 'decide', outcome: 'add', reasons: '事实清楚，证据确凿，依法列入。' },
      );
    }
  }
  for (const [code, items] of byAgency) {
    const p: Principal = { kind: 'agency', agency: principals.get(code)! };
    await runWithContext({ requestId: 'seed', actor: { id: code, type: 'agency' } }, () => platform.lists.actMany(p, items));
  }
}

/**
 * What the list work came to, read from the entries: those given notice, those decided and listed
 * (some since removed), those dropped. Read from the store rather than counted as the work is
 * done, so a seed resumed after a stop tells the same as one that never stopped.
 */
export async function listWorkDone(platform: Platform): Promise<{ notified: number; listed: number; dropped: number }> {
  const out = { notified: 0, listed: 0, dropped: 0 };
  for (const r of await loadEntriesInStates(platform.db, LIST_ENTRY_STATES)) {
    if (r.noticeServedOn !== null) out.notified++;
    if (r.state === 'dropped') out.dropped++;
    else if (r.decidedOn !== null) out.listed++;
  }
  return out;
}
