// The shapes of the furnishing routes' answers (OpenAPI and response validation).
import { Type } from '@sinclair/typebox';

export const FurnishResultSchema = Type.Object(
  {
    batchId: Type.String(),
    furnisher: Type.String(),
    month: Type.String({ description: 'YYYY-MM' }),
    seq: Type.Integer({ description: "the furnisher's batch sequence: the version of every line the batch holds" }),
    lines: Type.Integer(),
    counts: Type.Object({ account: Type.Integer(), consent: Type.Integer(), notice: Type.Integer(), statement: Type.Integer() }),
    root: Type.String({ description: "the root (base64) of the batch's Merkle tree over its lines' canonical JSON, RFC 9162 hashing" }),
    duplicate: Type.Boolean({ description: 'the same batch was furnished before; nothing new was stored' }),
    event: Type.Object({ log: Type.Integer(), index: Type.Integer() }, { description: 'the furnishing.batch event in the ledger' }),
  },
);

export const StatementVersionSchema = Type.Object({
  seq: Type.Integer(),
  batchId: Type.String(),
  leaf: Type.Integer({ description: "the line's leaf index in its batch's tree" }),
  line: Type.Record(Type.String(), Type.Unknown(), { description: 'the line in its canonical form (the bytes its leaf hashes)' }),
});
