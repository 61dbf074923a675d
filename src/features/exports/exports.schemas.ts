// The exports' request and answer schemas.
import { Type, type Static } from '@sinclair/typebox';
import { ISO_DATE } from '../../http/schemas.ts';
import { EXPORT_FORMATS } from './export-formats.ts';
import { RECORD_EXPORT_FORMATS } from './record-export-formats.ts';

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

const RECORD_FORMAT = Type.Union(
  RECORD_EXPORT_FORMATS.map((f) => Type.Literal(f)),
  { description: 'ndjson (one record a line) or csv (RFC 4180 with a header row; the public fields as one JSON column); default ndjson' },
);

export const RecordExportQuery = Type.Object({
  date: Type.Optional(Type.String({ format: 'date', description: 'the day whose public records are exported; default today' })),
  format: Type.Optional(RECORD_FORMAT),
});
export type RecordExportRequest = Static<typeof RecordExportQuery>;

export const RecordDeltaQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date', description: 'the older day; default the day before `to`' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'the newer day; default today' })),
  format: Type.Optional(RECORD_FORMAT),
});
export type RecordDeltaRequest = Static<typeof RecordDeltaQuery>;

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

const Count = (description: string) => Type.Integer({ minimum: 0, description });

export const PublicRecordsManifest = Type.Object(
  {
    day: ISO_DATE,
    kept: Type.Boolean({ description: 'kept as first made once its day ended (its files never change), or read from the records as known now' }),
    madeAt: Type.String({ format: 'date-time' }),
    entries: Type.Integer({ description: 'records public on the day' }),
    checkpoint: Checkpoint,
    changes: Type.Union(
      [
        Type.Object({
          afterDay: Type.Union([ISO_DATE, Type.Null()], {
            description: 'the last day kept before it, which the changes are from; null for the first day kept',
          }),
          added: Count('records that entered publicity'),
          modified: Count('records whose public view changed (corrected, disputed, under repair)'),
          deleted: Count('records that left publicity (expiry, repair, withdrawal)'),
        }),
        Type.Null(),
      ],
      { description: 'for a kept day, what changed on it; null when the day is read as known now' },
    ),
    files: Type.Object({ ndjson: FileDigest, csv: FileDigest }),
  },
  { $id: 'PublicRecordsManifest' },
);

export const EXPORTS_SCHEMAS = [ExportManifest, PublicRecordsManifest];
