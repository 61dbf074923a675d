// Batch screening's request: a line per customer to screen, and the scenario and depth.
import { Type, type Static } from '@sinclair/typebox';

export const ScreeningLine = Type.Object({
  ref: Type.Optional(Type.String({ maxLength: 100, description: "the caller's own reference for the line, echoed" })),
  code: Type.Optional(
    Type.String({ minLength: 1, maxLength: 40, description: 'a Unified Social Credit Code or a resident identity number: screened exactly' }),
  ),
  name: Type.Optional(
    Type.String({
      minLength: 2,
      maxLength: 200,
      description:
        "an organisation's name or part of it, pinyin or initials: the best matches, ranked and explained (persons are matched by identity number only)",
    }),
  ),
});
export type ScreeningRequestLine = Static<typeof ScreeningLine>;

export const ScreeningQuery = Type.Object({
  scenario: Type.String({ description: 'the scenario whose measures apply (GET /v1/scenarios)' }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, description: 'matches per name line, best first (default 5)' })),
});
export type ScreeningRequest = Static<typeof ScreeningQuery>;
