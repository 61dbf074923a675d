// Who is acting: an agency (by API key) or a person logged in to an account (a subject's own
// account, an administrator, an auditor). Services decide what each may do.
import type { AgencyPrincipal } from '../features/agencies/agency.service.ts';
import type { AccountPrincipal } from '../features/accounts/account.service.ts';
import type { Actor } from '../ledger/events.ts';

export type Principal = { kind: 'agency'; agency: AgencyPrincipal } | { kind: 'account'; account: AccountPrincipal };

export function actorOf(p: Principal): Actor {
  if (p.kind === 'agency') return { id: p.agency.code, type: 'agency' };
  const a = p.account;
  return { id: a.role === 'subject' ? `${a.username}@${a.subjectKey}` : a.username, type: a.role === 'subject' ? 'subject' : a.role };
}

/** The subject a principal speaks for, if it is a subject's own account. */
export function ownSubject(p: Principal): string | null {
  return p.kind === 'account' && p.account.role === 'subject' ? p.account.subjectKey : null;
}
