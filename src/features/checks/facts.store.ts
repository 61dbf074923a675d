// Loading the facts measures look at (list entries, trigger records, persons in roles) from the
// projections, for every subject at once (building the index) or for a few (refreshing it, or
// answering a check straight from the database). One loader for both, so they agree.
import type { Queryable } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { MeasureBook, RecordFact, SubjectFacts } from '../../domain/measures.ts';

export interface RoleLink {
  /** The organisation whose records name the person. */
  subjectKey: string;
  role: string;
}

export interface LoadedFacts {
  facts: Map<string, SubjectFacts>;
  /** Persons (by keyed hash) linked to organisations with facts. */
  roles: Map<string, RoleLink[]>;
}

export async function loadFacts(q: Queryable, policy: Policy, book: MeasureBook, subjectKeys?: readonly string[]): Promise<LoadedFacts> {
  const facts = new Map<string, SubjectFacts>();
  // All subjects (null) or just these: the same statements either way.
  const keys = subjectKeys ?? null;
  const ensure = (key: string): SubjectFacts => {
    let f = facts.get(key);
    if (!f) facts.set(key, (f = { subjectKey: key, kind: '', entries: [], records: [] }));
    return f;
  };

  const entries = await q.query<{
    subject_key: string;
    entry_id: string;
    list: string;
    listed_on: string;
    until: string | null;
    removed_on: string | null;
    open_objections: number;
    pending_repair: string | null;
  }>(
    `SELECT subject_key, entry_id, list, listed_on, until, removed_on, open_objections, pending_repair FROM list_entry
     WHERE listed_on IS NOT NULL AND list = ANY($1::text[]) AND ($2::text[] IS NULL OR subject_key = ANY($2::text[]))
     ORDER BY subject_key, entry_id`,
    [book.triggerLists, keys],
  );
  for (const e of entries) {
    ensure(e.subject_key).entries.push({
      entryId: e.entry_id,
      list: e.list,
      listedOn: e.listed_on,
      until: e.until,
      removedOn: e.removed_on,
      disputed: e.open_objections > 0,
      underRepair: e.pending_repair !== null,
    });
  }

  // Records of trigger items, with the attributes conditions read (kept beside each row).
  const records = await q.query<{
    subject_key: string;
    record_id: string;
    item: string;
    decision_number: string;
    decision_date: string;
    agency_code: string;
    filed_at: Date;
    published: boolean;
    publicity_end: string | null;
    publicity_ended_on: string | null;
    publicity_end_reason: string | null;
    withdrawn_on: string | null;
    open_objections: number;
    pending_repair: string | null;
    attrs: string;
  }>(
    `SELECT subject_key, record_id, item, decision_number, decision_date, agency_code, filed_at, published, publicity_end,
            publicity_ended_on, publicity_end_reason, withdrawn_on, open_objections, pending_repair, attrs
     FROM credit_record_view WHERE item = ANY($1::text[]) AND ($2::text[] IS NULL OR subject_key = ANY($2::text[])) ORDER BY subject_key, record_id`,
    [book.triggerItems, keys],
  );
  for (const r of records) {
    const attrs = JSON.parse(r.attrs) as Record<string, unknown>;
    const fields: Record<string, unknown> = {};
    for (const f of book.conditionFields(r.item)) if (f in attrs) fields[f] = attrs[f];
    const fact: RecordFact = {
      recordId: r.record_id,
      item: r.item,
      decisionNumber: r.decision_number,
      decisionDate: r.decision_date,
      agency: r.agency_code,
      recordedOn: policy.localDate(new Date(r.filed_at)),
      published: r.published,
      publicityEnd: r.publicity_end,
      // Repair lifts measures; a window that merely closed by expiry is already in publicityEnd.
      endedOn: r.publicity_end_reason === 'repair' ? r.publicity_ended_on : null,
      withdrawnOn: r.withdrawn_on,
      fields,
      disputed: r.open_objections > 0,
      underRepair: r.pending_repair !== null,
    };
    ensure(r.subject_key).records.push(fact);
  }

  const found = [...facts.keys()];
  if (found.length > 0) {
    for (const s of await q.query<{ subject_key: string; kind: string }>('SELECT subject_key, kind FROM subject WHERE subject_key = ANY($1::text[])', [
      found,
    ])) {
      facts.get(s.subject_key)!.kind = s.kind;
    }
  }

  // Persons named in a role by active records of these organisations. A role and its record have
  // one subject: the join names it, so that on Citus each pair is joined within a shard.
  const roles = new Map<string, RoleLink[]>();
  if (found.length > 0) {
    const links = await q.query<{ person_hash: string; subject_key: string; role: string }>(
      `SELECT DISTINCT p.person_hash, p.subject_key, p.role FROM person_role p JOIN credit_record r ON r.subject_key = p.subject_key AND r.record_id = p.record_id
       WHERE p.subject_key = ANY($1::text[]) AND r.status = 'active' ORDER BY p.person_hash, p.subject_key, p.role`,
      [found],
    );
    for (const l of links) {
      const list = roles.get(l.person_hash) ?? [];
      list.push({ subjectKey: l.subject_key, role: l.role });
      roles.set(l.person_hash, list);
    }
  }
  return { facts, roles };
}

/** The organisations whose active records name a person (by keyed hash) in a role. */
export async function loadPersonLinks(q: Queryable, personHash: string): Promise<RoleLink[]> {
  const links = await q.query<{ subject_key: string; role: string }>(
    `SELECT DISTINCT p.subject_key, p.role FROM person_role p JOIN credit_record r ON r.subject_key = p.subject_key AND r.record_id = p.record_id
     WHERE p.person_hash = $1 AND r.status = 'active' ORDER BY p.subject_key, p.role`,
    [personHash],
  );
  return links.map((l) => ({ subjectKey: l.subject_key, role: l.role }));
}
