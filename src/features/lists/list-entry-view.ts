// A list entry as the public sees it: the list's name, kind and legal basis beside the entry's
// dates and the marks of an open objection or a pending repair.
import type { Policy } from '../../domain/policy/policy.ts';
import type { ListEntryRow } from '../../ledger/projection.ts';
import type { LegalBasis, Text } from '../../domain/policy/schema.ts';

export interface PublicListEntryView {
  entryId: string;
  list: string;
  listName: Text;
  type: string;
  area: string | null;
  listedOn: string | null;
  until: string | null;
  basisRecords: string[];
  decidingAgency: string;
  legalBasis: LegalBasis[];
  disputed: boolean;
  underRepair: boolean;
}

export function publicEntryView(policy: Policy, e: ListEntryRow): PublicListEntryView {
  const def = policy.list(e.list);
  return {
    entryId: e.entryId,
    list: e.list,
    listName: def?.name ?? { zh: e.list, en: e.list },
    type: def?.type ?? 'unknown',
    area: def?.area ?? null,
    listedOn: e.listedOn,
    until: e.until,
    basisRecords: e.basisRecords,
    decidingAgency: e.decidingAgency,
    legalBasis: def?.legalBasis ?? [],
    disputed: e.openObjections > 0,
    underRepair: e.pendingRepair !== null,
  };
}
