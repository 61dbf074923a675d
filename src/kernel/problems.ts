// The one catalogue of error kinds. Each has a stable code (the last segment of its RFC 9457
// `type`), an HTTP status and a title; domain and service code throws AppError with a code, and
// one handler turns it into an application/problem+json response.

export const PROBLEMS = {
  'validation-failed': { status: 422, title: 'The request is not valid; nothing was stored' },
  'malformed-request': { status: 400, title: 'The request body cannot be parsed' },
  'invalid-identifier': { status: 400, title: 'The identifier is not valid' },
  'invalid-cursor': { status: 400, title: 'The cursor is not one the platform gave; start again from the beginning' },
  unauthenticated: { status: 401, title: 'Authentication is required' },
  'invalid-credentials': { status: 401, title: 'The credentials are not valid' },
  'account-locked': { status: 423, title: 'The account is locked after repeated failed logins' },
  forbidden: { status: 403, title: 'This actor may not do this' },
  'item-not-permitted': { status: 403, title: 'The agency may not supply this catalogue item' },
  'not-a-furnisher': { status: 403, title: 'Only a furnisher (a licensed lender) may furnish credit accounts' },
  'account-borrower-changed': {
    status: 422,
    title: "An account's borrower never changes: for another borrower, close the account and open a new one; nothing was stored",
  },
  'consent-required': { status: 403, title: "The inquiry needs the subject's written authorisation for its purpose; nothing was inquired" },
  'consent-not-valid': { status: 403, title: 'The cited authorisation does not allow this inquiry (reason says why); nothing was inquired' },
  'purpose-not-permitted': { status: 403, title: 'This inquirer may not inquire for this purpose' },
  'credit-consent-conflict': { status: 409, title: 'An authorisation with other content was recorded under this reference; it is never changed' },
  'credit-consent-not-found': { status: 404, title: 'The lender recorded no such authorisation' },
  'not-found': { status: 404, title: 'There is no such resource' },
  'subject-not-found': { status: 404, title: 'The platform holds no records about this subject' },
  'record-not-found': { status: 404, title: 'There is no such record' },
  'method-not-allowed': { status: 405, title: 'The method is not allowed on this resource' },
  'record-conflict': { status: 409, title: 'A different record was already filed under the same decision document' },
  'correction-without-change': { status: 422, title: 'The correction changes nothing' },
  'step-refused': { status: 409, title: 'The step is not possible now; the problem says why and what would make it possible' },
  'repair-refused': { status: 422, title: 'Repair cannot be applied for; the problem says why and from when it can' },
  'list-entry-not-found': { status: 404, title: 'There is no such list entry' },
  'list-not-found': { status: 404, title: 'There is no such list' },
  'objection-not-found': { status: 404, title: 'There is no such objection' },
  'repair-not-found': { status: 404, title: 'There is no such repair application' },
  'credit-account-not-found': { status: 404, title: 'There is no such credit account (or month of one) about this subject' },
  'credit-objection-not-found': { status: 404, title: 'There is no such credit objection' },
  'fee-not-accepted': {
    status: 402,
    title: 'The free own credit reports of the year are used: the next one carries the stated fee, served only when the request accepts it',
  },
  'webhook-not-found': { status: 404, title: 'The agency has no such webhook subscription' },
  'log-entry-not-found': { status: 404, title: 'The log holds no such entry' },
  'log-size-not-reached': { status: 404, title: 'The log has not grown to this size' },
  'log-not-extended': { status: 409, title: 'A log is smaller at the later size than at the earlier: no consistency proof goes backwards' },
  'checkpoint-not-found': { status: 404, title: "The text is not one of the platform's checkpoints" },
  'unknown-witness': { status: 403, title: 'No configured witness signed the note' },
  'invalid-cosignature': { status: 422, title: "The witness's cosignature does not verify" },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'The request body has an unsupported media type' },
  'rate-limited': { status: 429, title: 'Too many requests of this kind from this client; the problem says when to try again' },
  'internal-error': { status: 500, title: 'The platform failed to handle the request' },
  'store-unavailable': { status: 503, title: 'The store is not available' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

/** The `type` URI of a problem: a page on the platform that documents it. */
export function problemType(code: ProblemCode): string {
  return `/problems/${code}`;
}

export class AppError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    /** Extension members of the problem document (e.g. `errors` with line and field). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'AppError';
    this.status = PROBLEMS[code].status;
    this.title = PROBLEMS[code].title;
  }
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

export function toProblem(err: AppError, instance?: string): ProblemDocument {
  return {
    type: problemType(err.code),
    title: err.title,
    status: err.status,
    detail: err.detail,
    ...(instance ? { instance } : {}),
    ...err.extensions,
  };
}
