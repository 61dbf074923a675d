// Who is acting: an agency (by API key) or a person logged in to an account (a subject's own
// account, an administrator, an auditor), and the actor the ledger and the access log record
// for each. Services decide what each principal may do.

/** Who did something, as the ledger and the access log record it. */
export interface Actor {
  type: 'agency' | 'administrator' | 'system' | 'subject' | 'auditor';
  id: string;
}

export interface Agency {
  code: string;
  name: string;
  kind: string;
  items: string[];
}

/** An agency authenticated by one of its API keys. */
export interface AgencyPrincipal extends Agency {
  keyId: string;
}

export const ACCOUNT_ROLES = ['subject', 'administrator', 'auditor'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** A person logged in to an account, by one session. */
export interface AccountPrincipal {
  username: string;
  role: AccountRole;
  /** For a subject account: the subject it speaks for. */
  subjectKey: string | null;
  sessionId: string;
  csrfToken: string;
}

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

/** An administrator's or auditor's account: oversight of every subject. */
export function isOversight(p: Principal): boolean {
  return p.kind === 'account' && (p.account.role === 'administrator' || p.account.role === 'auditor');
}
