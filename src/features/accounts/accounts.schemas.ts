// Schemas of logging in and of a session of a subject, administrator or auditor.
import { Type, type Static } from '@sinclair/typebox';

/** The body of POST /v1/session. */
export const LoginBody = Type.Object({ username: Type.String(), password: Type.String() });
export type LoginRequest = Static<typeof LoginBody>;

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
