// Schemas of signed credit reports: the request to issue one, the report issued, stored and
// verified, and the signing keys.
import { Type, type Static } from '@sinclair/typebox';
import { ISO_DATE } from '../../http/schemas.ts';

const REPORT_SCOPE = Type.Union([Type.Literal('public'), Type.Literal('full')]);

const REPORT_LANG = Type.Union([Type.Literal('zh'), Type.Literal('en')]);

/** A request for a report: about whom, public or full, in which language, as of when. */
export const IssueRequest = Type.Object(
  {
    subject: Type.String({ description: 'Unified Social Credit Code, or a resident identity number' }),
    scope: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('full')])),
    lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')])),
    asOf: Type.Optional(Type.String({ description: 'YYYY-MM-DD or an ISO 8601 instant' })),
  },
  { additionalProperties: false },
);
export type IssueRequest = Static<typeof IssueRequest>;

const REPORT_LINKS = {
  verifyUrl: Type.String(),
  jsonUrl: Type.String(),
  htmlUrl: Type.String(),
  pdfUrl: Type.String(),
  portalVerifyUrl: Type.String(),
};

export const ReportIssued = Type.Object(
  {
    code: Type.String({ description: 'the verification code, XY-ABCD-EFGH-JKLM' }),
    scope: REPORT_SCOPE,
    lang: REPORT_LANG,
    issuedAt: Type.String({ format: 'date-time' }),
    asOf: Type.String({ format: 'date-time', description: 'the instant the report describes' }),
    digest: Type.String({ description: 'SHA-256 of the signed canonical JSON, hex' }),
    keyId: Type.String({ description: 'the signing key' }),
    ...REPORT_LINKS,
  },
  { $id: 'ReportIssued' },
);

/**
 * Why a report's proofs do not hold: bad-proof (a checkpoint, leaf or inclusion proof fails, or
 * the report's copy of an event is not the ledger's), unproven (no checkpoint, a record without
 * the proofs of what it shows), record-mismatch (a field shown is not its event's).
 */
const PROOF_FAILURE = Type.Union(['bad-proof', 'unproven', 'record-mismatch'].map((r) => Type.Literal(r)));

/** How a report's ledger proofs checked: its checkpoint, and each record's proof. */
const ProofsCheck = Type.Object(
  {
    checkpoint: Type.Object({
      id: Type.Integer({ description: 'the checkpoint the report cites' }),
      origin: Type.String({ description: "the log's origin, the name of the key that signed the checkpoint" }),
      size: Type.Integer({ description: 'events in every log at the checkpoint' }),
    }),
    records: Type.Array(
      Type.Object({
        recordId: Type.String(),
        log: Type.Integer(),
        index: Type.Integer({ description: "the event's index in its log" }),
        verified: Type.Boolean(),
        events: Type.Array(
          Type.Object({ log: Type.Integer(), index: Type.Integer(), role: Type.Union(['version', 'filing', 'later'].map((r) => Type.Literal(r))) }),
          {
            description:
              'every event proved for the record: the one holding the version shown, the filing of a corrected version, the latest end of publicity or withdrawal the record shows',
          },
        ),
        payload: Type.Union([Type.Literal('checked'), Type.Literal('withheld')], {
          description:
            "checked: the report carries every event's bytes, which hash to the leaves and bind each field it shows; withheld: it carries some leaf hashes only, and the platform bound the fields with its own copy of the ledger",
        }),
        problem: Type.Optional(PROOF_FAILURE),
        field: Type.Optional(
          Type.String({
            description: 'record-mismatch: the field shown that is not its event’s (e.g. item, decision.number, fields.fineAmount, publicity.end)',
          }),
        ),
        detail: Type.Optional(Type.String({ description: 'why the proof failed' })),
      }),
    ),
  },
  { description: "the report's checkpoint opened with the platform's log keys, and every record's inclusion proof run to its log's root" },
);

export const ReportVerification = Type.Union(
  [
    Type.Object({
      valid: Type.Literal(true),
      code: Type.String(),
      subject: Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() }),
      scope: REPORT_SCOPE,
      lang: REPORT_LANG,
      issuedAt: Type.String({ format: 'date-time' }),
      asOf: Type.String({ format: 'date-time' }),
      date: ISO_DATE,
      policyVersion: Type.String(),
      digest: Type.String(),
      keyId: Type.String(),
      publicKeyFingerprint: Type.String(),
      proofs: Type.Union([ProofsCheck, Type.Null()], { description: 'null for a report of format xinyong-credit-report/1, which carries no proofs' }),
    }),
    Type.Object({
      valid: Type.Literal(false),
      code: Type.String(),
      reason: Type.Union([...['unknown-code', 'tampered', 'bad-signature'].map((r) => Type.Literal(r)), ...PROOF_FAILURE.anyOf]),
      detail: Type.String(),
      record: Type.Optional(Type.String({ description: 'the record whose proof or shown field failed' })),
      field: Type.Optional(Type.String({ description: 'record-mismatch: the field shown that is not its event’s' })),
      proofs: Type.Optional(ProofsCheck),
    }),
  ],
  { $id: 'ReportVerification' },
);

const SIGNING_KEY = {
  keyId: Type.String(),
  fingerprint: Type.String({ description: 'SHA-256 of the SubjectPublicKeyInfo DER, hex' }),
  publicKeyPem: Type.String(),
};

export const ReportPublicKey = Type.Object(
  {
    algorithm: Type.Literal('Ed25519'),
    ...SIGNING_KEY,
    signed: Type.String({ description: 'what exactly is signed' }),
    retired: Type.Array(
      Type.Object({
        ...SIGNING_KEY,
        retiredAt: Type.String({ format: 'date-time', description: 'reports signed by it after this instant do not verify' }),
        compromised: Type.Boolean({ description: 'a compromised key verifies nothing' }),
      }),
    ),
  },
  { $id: 'ReportPublicKey' },
);

export const StoredReport = Type.Object(
  {
    code: Type.String(),
    scope: REPORT_SCOPE,
    lang: REPORT_LANG,
    issuedAt: Type.String({ format: 'date-time' }),
    asOf: Type.String({ format: 'date-time' }),
    digest: Type.String(),
    signature: Type.String({ description: 'Ed25519 over the canonical JSON of content, base64' }),
    keyId: Type.String(),
    ...REPORT_LINKS,
    content: Type.Object(
      {},
      {
        additionalProperties: true,
        description:
          'the signed content: format, code, scope, lang, generatedAt, asOf, date, timeZone, policyVersion, issuer, verification, subject, records, listEntries, evaluations, marks, legalBases, checkpoint. ' +
          'checkpoint: {id, madeAt, note}, the signed checkpoint of the ledger (C2SP tlog-checkpoint, signed note) the proofs are against. ' +
          'Each record has event: {log, index, leafHash, inclusionProof, payload}, the ledger event that holds the version shown: its position in its log, ' +
          "its leaf hash SHA-256(0x00 || payload) and inclusion proof (RFC 9162) at the log's size in the checkpoint, base64, and its bytes (null where a public report may not show all they hold); " +
          'a corrected version also has filing (the record.filed event, which holds item, category, polarity, agency and subject), and a record shown ended or withdrawn has later (those events), alike. ' +
          'Every field a record shows is bound to a field of one of them. ' +
          'docs/verify-offline.md checks them with node:crypto alone',
      },
    ),
  },
  { $id: 'StoredReport' },
);

/** The schemas of this feature that others refer to by $id. */
export const REPORTS_SCHEMAS = [ReportIssued, ReportVerification, ReportPublicKey, StoredReport];
