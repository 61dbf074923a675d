// The HTTP API's shared schema parts, defined once with TypeBox: the problem document, the
// security requirement, the answer helpers and the small types every feature's schemas use.
// Each feature's own request and response schemas are in its *.schemas.ts.
import { Type } from '@sinclair/typebox';

export const Problem = Type.Object(
  {
    type: Type.String({ description: 'stable URI of the error kind, e.g. /problems/validation-failed' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    errorCount: Type.Optional(Type.Integer()),
    errors: Type.Optional(
      Type.Array(Type.Object({ line: Type.Optional(Type.Integer()), field: Type.String(), message: Type.String() }, { additionalProperties: true })),
    ),
  },
  { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details' },
);

/** An operation that needs credentials (an agency API key or a session token, as a bearer token). */
export const SECURED = [{ apiKey: [] }];

/** An operation open to anyone, which reads no credentials. */
export const PUBLIC: Array<Record<string, string[]>> = [];

/**
 * An operation open to anyone that answers more to some callers (a subject its own full report,
 * say); credentials sent must be valid, never silently read as the public.
 */
export const OPTIONAL_CREDENTIALS: Array<Record<string, string[]>> = [{}, { apiKey: [] }];

export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: 'Problem details (application/problem+json)', content: { 'application/problem+json': { schema: Type.Ref('Problem') } } },
    ]),
  );

export const Text = Type.Object({ zh: Type.String(), en: Type.String() });

export const LegalBasis = Type.Object(
  {
    instrument: Text,
    articles: Type.Optional(Type.String()),
    issuer: Type.Optional(Type.String()),
    reference: Type.Optional(Type.String()),
    note: Type.Optional(Type.String()),
  },
  { $id: 'LegalBasis' },
);

export const ISO_DATE = Type.String({ format: 'date' });

/** Where in its subject's ledger log (all of a subject's events are in one) a row began and last changed. */
export const LEDGER_INDEXES = {
  firstIndex: Type.Integer({ description: "the index, in its subject's ledger log, of the event that began it" }),
  lastIndex: Type.Integer({
    description: "the index, in its subject's ledger log, of the event that last changed it (for a list entry, also a rename of its subject)",
  }),
};

export const DATE_OR_NULL = Type.Union([ISO_DATE, Type.Null()]);

export const TEXT_OR_NULL = Type.Union([Text, Type.Null()]);

/** A 200 (or 201) JSON answer of a shared schema, beside the problems the route may answer. */
export const answers = (status: 200 | 201, ref: string, ...problems: number[]) => ({
  [status]: { description: ref, content: { 'application/json': { schema: Type.Ref(ref) } } },
  ...problemResponses(...problems),
});
