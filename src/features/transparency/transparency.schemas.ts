// Schemas of the transparency log's API: where an entry is, the proofs asked for, and the answers.
import { Type, type Static } from '@sinclair/typebox';

const LOG = Type.Integer({ minimum: 0, maximum: 4096, description: 'the log: 0 the platform log, 1 to P the subject logs' });
const INDEX = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'the entry’s index in its log, from 0' });
const SIZE = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'a number of entries of the log' });
const HASH = Type.String({ description: 'a SHA-256 hash, base64' });
/** Sizes below 10^15 (well within 2^53), so every one is read exactly. */
const SIZES = Type.String({
  pattern: '^(0|[1-9][0-9]{0,14})(,(0|[1-9][0-9]{0,14}))*$',
  maxLength: 4097 * 16,
  description: 'each log’s size, log 0 first, separated by commas (as a checkpoint’s `log <n> <size> <root>` lines give them)',
});

export const CheckpointParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'the checkpoint’s number: checkpoints are numbered from 1 in the order they were made' }),
});
export type CheckpointPath = Static<typeof CheckpointParams>;

export const EntryParams = Type.Object({ log: LOG, index: INDEX });
export type EntryPath = Static<typeof EntryParams>;

export const InclusionQuery = Type.Object({
  log: LOG,
  index: INDEX,
  size: Type.Optional({ ...SIZE, description: 'the size of the log’s tree to prove it in; by default the log’s size in the current checkpoint' }),
});
export type InclusionRequest = Static<typeof InclusionQuery>;

export const ConsistencyQuery = Type.Object({
  from: SIZES,
  to: Type.Optional({ ...SIZES, description: `${SIZES.description}; by default the current checkpoint’s` }),
});
export type ConsistencyRequest = Static<typeof ConsistencyQuery>;

/** The sizes a SIZES parameter lists. */
export const sizesOf = (list: string): number[] => list.split(',').map(Number);

export const LogKeys = Type.Object(
  {
    origin: Type.String({ description: 'the first line of every checkpoint, and the key name of its signatures' }),
    keys: Type.Array(
      Type.Object({
        verifierKey: Type.String({ description: 'C2SP signed-note verifier key (Ed25519): <origin>+<key ID>+<base64 of 0x01 and the public key>' }),
        current: Type.Boolean({ description: 'whether it signs checkpoints now' }),
        retiredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'when it stopped signing; it still verifies what it signed' }),
      }),
      { description: 'the current key and the retired keys that still verify (a key retired as compromised verifies nothing and is not listed)' },
    ),
    witnesses: Type.Array(Type.String(), { description: 'the witnesses’ C2SP cosignature/v1 verifier keys (type 0x04)' }),
  },
  { $id: 'LogKeys' },
);

export const LogEntry = Type.Object(
  {
    log: LOG,
    index: INDEX,
    payload: Type.String({ description: 'the leaf bytes: the event’s canonical JSON' }),
    leafHash: { ...HASH, description: 'SHA-256(0x00 || payload), base64' },
  },
  { $id: 'LogEntry' },
);

const PROOF = Type.Array(HASH, { description: 'the RFC 9162 proof: node hashes, base64' });

export const InclusionProof = Type.Object(
  { log: LOG, index: INDEX, size: SIZE, leafHash: HASH, proof: PROOF },
  { $id: 'InclusionProof', description: 'RFC 9162 inclusion proof of the entry in its log’s tree of `size` entries' },
);

export const ConsistencyProofs = Type.Object(
  {
    from: Type.Array(SIZE),
    to: Type.Array(SIZE),
    proofs: Type.Array(Type.Object({ log: LOG, from: SIZE, to: SIZE, proof: PROOF }), { description: 'one per log, log 0 first (empty from an empty log)' }),
  },
  { $id: 'ConsistencyProofs', description: 'RFC 9162 consistency proofs, one per log, from its size in `from` to its size in `to`' },
);

export const CosignatureKept = Type.Object(
  {
    checkpoint: Type.Integer({ description: 'the checkpoint cosigned' }),
    witness: Type.String({ description: 'the witness’s key name' }),
    kept: Type.Boolean({ description: 'false when a newer cosignature of this text by the same witness key is kept instead' }),
  },
  { $id: 'CosignatureKept' },
);

/** The schemas of this feature that others refer to by $id. */
export const TRANSPARENCY_SCHEMAS = [LogKeys, LogEntry, InclusionProof, ConsistencyProofs, CosignatureKept];
