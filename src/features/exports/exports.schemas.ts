// The exports' request and answer schemas.
import { Type, type Static } from '@sinclair/typebox';
import { ISO_DATE } from '../../http/schemas.ts';
import { EXPORT_FORMATS } from './export-formats.ts';

export const ExportParams = Type.Object({ code: Type.String({ description: 'the list code, e.g. serious-illegal-dishonest' }) });
export type ExportPath = Static<typeof ExportParams>;

const FORMAT = Type.Union(
  EXPORT_FORMATS.map((f) => Type.Literal(f)),
  { description: 'ndjson (one entry a line), csv (RFC 4180 with a header row) or ftm (FollowTheMoney entities, one a line); default ndjson' },
);

export const ExportQuery = Type.Object({
  date: Type.Optional(Type.String({ format: 'date', description: 'the day whose entries in force are exported; default today' })),
  format: Type.Optional(FORMAT),
});
export type ExportRequest = Static<typeof ExportQuery>;

export const ManifestQuery = Type.Object({ date: Type.Optional(Type.String({ format: 'date', description: 'the day; default today' })) });
export type ManifestRequest = Static<typeof ManifestQuery>;

export const DeltaQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date', description: "the older export's day; default the day before `to`" })),
  to: Type.Optional(Type.String({ format: 'date', description: "the newer export's day; default today" })),
  format: Type.Optional(FORMAT),
});
export type DeltaRequest = Static<typeof DeltaQuery>;

const Checkpoint = Type.Object({
  id: Type.Integer({ description: 'the signed checkpoint of the ledger the export reflects (GET /v1/log/checkpoints/{id})' }),
  note: Type.String({ description: 'its signed note (C2SP tlog-checkpoint), with witness cosignatures' }),
});

const FileDigest = Type.Object({
  sha256: Type.String({ description: 'SHA-256 of the file, hex' }),
  bytes: Type.Integer(),
  url: Type.String(),
});

export const ExportManifest = Type.Object(
  {
    list: Type.String(),
    day: ISO_DATE,
    kept: Type.Boolean({ description: 'kept as first made once its day ended (its files never change), or, today, read from the entries as known now' }),
    madeAt: Type.String({ format: 'date-time' }),
    entries: Type.Integer(),
    checkpoint: Checkpoint,
    files: Type.Object({ ndjson: FileDigest, csv: FileDigest, ftm: FileDigest }),
  },
  { $id: 'ExportManifest' },
);

export const EXPORTS_SCHEMAS = [ExportManifest];
