// Schema of a session of a subject, administrator or auditor.
import { Type } from '@sinclair/typebox';

export const Session = Type.Object(
  {
    token: Type.String({ description: 'send as Authorization: Bearer <token>' }),
    expiresAt: Type.String({ format: 'date-time' }),
    role: Type.Union(['subject', 'administrator', 'auditor'].map((r) => Type.Literal(r))),
    subject: Type.Union([Type.String(), Type.Null()], { description: "a subject account's subject key" }),
  },
  { $id: 'Session' },
);

/** The schemas of this feature that others refer to by $id. */
export const ACCOUNTS_SCHEMAS = [Session];
