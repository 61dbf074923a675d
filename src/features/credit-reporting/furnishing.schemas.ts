// The shapes of the furnishing routes: a batch's lines as the pack's standard defines them (one
// closed object per kind of line, derived from furnishing.yaml), and the answers.
import { Type, type TSchema } from '@sinclair/typebox';
import type { FurnishingField, FurnishingStandard } from '../../domain/policy/furnishing-schema.ts';

function itemSchema(f: FurnishingField): TSchema {
  const description = `${f.label.en} (${f.label.zh}); category ${f.category}`;
  switch (f.type) {
    case 'money':
      return Type.Number({ minimum: 0, description: `${description}; yuan, at most two decimals` });
    case 'integer':
      return Type.Integer({ minimum: 0, description });
    case 'boolean':
      return Type.Boolean({ description });
    case 'enum':
      return Type.String({ enum: f.values, description } as object);
    case 'enum-list':
      return Type.Array(Type.String({ enum: f.values } as object), { minItems: 1, uniqueItems: true, description });
    case 'borrower-list':
      return Type.Array(Type.String({ maxLength: 18 }), { minItems: 1, maxItems: 20, description: `${description}; resident identity numbers or USCCs` });
    case 'borrower':
      return Type.String({ maxLength: 18, description: `${description}; a resident identity number or a USCC` });
    case 'date':
      return Type.String({ format: 'date', description });
    case 'month':
      return Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description });
    case 'currency':
      return Type.String({ pattern: '^[A-Z]{3}$', description });
    case 'identifier':
      return Type.String({ maxLength: 64, description });
  }
}

/** One line of a batch: a closed object per kind of line of the pack's standard. */
export function furnishingLineSchema(standard: FurnishingStandard): TSchema {
  return Type.Union(
    standard.lines.map((l) => {
      const props: Record<string, TSchema> = { kind: Type.Literal(l.kind) };
      for (const f of l.fields) props[f.name] = f.required ? itemSchema(f) : Type.Optional(itemSchema(f));
      return Type.Object(props, { additionalProperties: false, description: `${l.label.en} (${l.label.zh})` });
    }),
  );
}

export const FurnishResultSchema = Type.Object({
  batchId: Type.String(),
  furnisher: Type.String(),
  month: Type.String({ description: 'YYYY-MM' }),
  seq: Type.Integer({ description: "the furnisher's batch sequence: the version of every line the batch holds" }),
  lines: Type.Integer(),
  counts: Type.Object({ account: Type.Integer(), consent: Type.Integer(), notice: Type.Integer(), statement: Type.Integer() }),
  root: Type.String({ description: "the root (base64) of the batch's Merkle tree over its lines' canonical JSON, RFC 9162 hashing" }),
  duplicate: Type.Boolean({ description: 'the same batch was furnished before; nothing new was stored' }),
  event: Type.Object({ log: Type.Integer(), index: Type.Integer() }, { description: 'the furnishing.batch event in the ledger' }),
});

export const StatementVersionSchema = Type.Object({
  seq: Type.Integer(),
  batchId: Type.String(),
  leaf: Type.Integer({ description: "the line's leaf index in its batch's tree" }),
  line: Type.Record(Type.String(), Type.Unknown(), { description: 'the line in its canonical form (the bytes its leaf hashes)' }),
});
