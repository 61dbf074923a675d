// A furnished line as the row that stores it, and the row back as the line's canonical object:
// the two directions the batch's proof depends on (the canonical bytes the tree commits to are
// reproduced from the rows, never kept beside them).
import type { BorrowerRef, FurnishedLine, LineStandard } from '../../domain/credit-reporting/lines.ts';
import { canonicalLineJson, canonicalLineObject } from '../../domain/credit-reporting/lines.ts';
import { CORE_FIELDS, type LineKind } from '../../domain/credit-reporting/standard.ts';
import { fenToYuan } from '../../domain/money.ts';
import { assertNever } from '../../domain/assert-never.ts';

/**
 * The columns of each kind's table after (furnisher, seq, leaf), in COPY order. A statement's and
 * a notice's row ends with its account's borrower key, which the batch gives it (RowsText.resolve),
 * not the line: rowOf's values stop before it.
 */
export const ROW_COLUMNS: Readonly<Record<LineKind, readonly string[]>> = {
  account: [
    'account_id',
    'borrower_key',
    'borrower_kind',
    'borrower_masked',
    'type',
    'currency',
    'opened_on',
    'limit_fen',
    'principal_fen',
    'term_months',
    'guarantors',
    'consent',
    'extra',
  ],
  statement: [
    'account_id',
    'month',
    'balance_fen',
    'amount_due_fen',
    'amount_paid_fen',
    'days_past_due',
    'status',
    'closed_on',
    'written_off_fen',
    'extra',
    'borrower_key',
  ],
  notice: ['account_id', 'notified_on', 'method', 'extra', 'borrower_key'],
  consent: ['reference', 'borrower_key', 'borrower_kind', 'borrower_masked', 'scope', 'signed_on', 'expires_on', 'extra'],
};

export const TABLE_OF: Readonly<Record<LineKind, string>> = {
  account: 'credit_account',
  statement: 'credit_statement',
  notice: 'credit_adverse_notice',
  consent: 'credit_furnishing_consent',
};

const CORE_NAMES: Readonly<Record<LineKind, ReadonlySet<string>>> = {
  account: new Set(CORE_FIELDS.account.map((f) => f.name)),
  statement: new Set(CORE_FIELDS.statement.map((f) => f.name)),
  notice: new Set(CORE_FIELDS.notice.map((f) => f.name)),
  consent: new Set(CORE_FIELDS.consent.map((f) => f.name)),
};

/** The items of a line beyond the platform's own, in canonical form (null when none). */
function extraOf(std: LineStandard, line: FurnishedLine): Record<string, unknown> | null {
  const core = CORE_NAMES[line.kind];
  let extra: Record<string, unknown> | null = null;
  for (const name in line.values) {
    if (core.has(name)) continue;
    extra ??= canonicalLineObject(std, line);
  }
  if (extra === null) return null;
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(extra).sort()) if (name !== 'kind' && !core.has(name)) out[name] = extra[name];
  return out;
}

const opt = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

/**
 * A line's column values (ROW_COLUMNS order, without a statement's or notice's borrower key) and
 * its canonical JSON (the bytes its leaf hashes).
 */
export function rowOf(std: LineStandard, line: FurnishedLine): { values: unknown[]; canonical: string } {
  const canonical = canonicalLineJson(std, line);
  const v = line.values;
  const extra = extraOf(std, line);
  switch (line.kind) {
    case 'account': {
      const b = v.borrower as BorrowerRef;
      return {
        canonical,
        values: [
          v.account,
          b.key,
          b.kind,
          b.masked,
          v.type,
          v.currency,
          v.openedOn,
          opt(v.limit),
          opt(v.principal),
          opt(v.termMonths),
          v.guarantors === undefined ? null : (v.guarantors as BorrowerRef[]).map((g) => ({ key: g.key, kind: g.kind, masked: g.masked })),
          opt(v.consent),
          extra,
        ],
      };
    }
    case 'statement':
      return {
        canonical,
        values: [v.account, `${String(v.month)}-01`, v.balance, v.amountDue, v.amountPaid, v.daysPastDue, v.status, opt(v.closedOn), opt(v.writtenOff), extra],
      };
    case 'notice':
      return { canonical, values: [v.account, v.notifiedOn, v.method, extra] };
    case 'consent': {
      const b = v.borrower as BorrowerRef;
      return { canonical, values: [v.reference, b.key, b.kind, b.masked, `{${(v.scope as string[]).join(',')}}`, v.signedOn, opt(v.expiresOn), extra] };
    }
  }
}

type StoredRow = Record<string, unknown>;

function put(out: Record<string, unknown>, name: string, v: unknown): void {
  if (v !== null && v !== undefined) out[name] = v;
}
const yuan = (v: unknown) => (v === null || v === undefined ? null : fenToYuan(Number(v)));

/** The canonical object of a stored row: equal to that of the line it stores. */
export function canonicalOfRow(kind: LineKind, r: StoredRow): Record<string, unknown> {
  const out: Record<string, unknown> = { kind };
  switch (kind) {
    case 'account':
      put(out, 'account', r.account_id);
      put(out, 'type', r.type);
      put(out, 'borrower', r.borrower_key);
      put(out, 'currency', r.currency);
      put(out, 'openedOn', r.opened_on);
      put(out, 'limit', yuan(r.limit_fen));
      put(out, 'principal', yuan(r.principal_fen));
      put(out, 'termMonths', r.term_months);
      put(out, 'guarantors', r.guarantors === null ? null : (r.guarantors as Array<{ key: string }>).map((g) => g.key));
      put(out, 'consent', r.consent);
      break;
    case 'statement':
      put(out, 'account', r.account_id);
      put(out, 'month', String(r.month).slice(0, 7));
      put(out, 'balance', yuan(r.balance_fen));
      put(out, 'amountDue', yuan(r.amount_due_fen));
      put(out, 'amountPaid', yuan(r.amount_paid_fen));
      put(out, 'daysPastDue', r.days_past_due);
      put(out, 'status', r.status);
      put(out, 'closedOn', r.closed_on);
      put(out, 'writtenOff', yuan(r.written_off_fen));
      break;
    case 'notice':
      put(out, 'account', r.account_id);
      put(out, 'notifiedOn', r.notified_on);
      put(out, 'method', r.method);
      break;
    case 'consent':
      put(out, 'reference', r.reference);
      put(out, 'borrower', r.borrower_key);
      put(out, 'scope', r.scope);
      put(out, 'signedOn', r.signed_on);
      put(out, 'expiresOn', r.expires_on);
      break;
    default:
      assertNever(kind, 'line kind');
  }
  if (r.extra) Object.assign(out, r.extra as Record<string, unknown>);
  return out;
}
