// Credit reports: a snapshot of what the platform says about a subject at an instant, signed.
// Issuing builds the content (public: what the portal shows; full, for the subject itself:
// everything, identity numbers masked), serialises it canonically, hashes and signs it, and
// stores it under a short verification code. A report cites a signed checkpoint of the ledger
// and proves each record it shows is in it (report-proofs.ts). Verifying re-hashes the stored
// content and checks the signature, so a changed row is caught, then the checkpoint and the
// proofs. HTML and PDF are renderings of the stored content.
import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../../store/database.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { SubjectService } from '../subjects/subject.service.ts';
import { isRecordPublic } from '../subjects/subject.service.ts';
import type { EvaluationService } from '../evaluation/evaluation.service.ts';
import { AppError } from '../../kernel/problems.ts';
import { canonicalJson } from '../../kernel/canonical-json.ts';
import { subjectEvents } from '../../ledger/ledger.ts';
import {
  applyEvents,
  emptyState,
  LIST_ENTRY_TABLE,
  loadRecords,
  loadSubjectRecords,
  loadSubjectRows,
  type ListEntryRow,
  type RecordRow,
} from '../../ledger/projection.ts';
import { listedOn } from '../../domain/lists.ts';
import { factorsOf, tierLabelOf } from '../../domain/evaluation.ts';
import { makeCheckpoint } from '../../ledger/checkpoints.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import { checkpointVerifiers, noteSignerOf, SigningKeyError, type KeyRing, type SigningKey, type VerificationKey } from './signing-key.ts';
import {
  checkReportProofs,
  eventProof,
  eventsToProve,
  mayCarryEvent,
  mustProve,
  positionKey,
  provedPositions,
  versionHeld,
  type StoredEvent,
  type ProofFailure,
  type ProofsCheck,
  type ReportLog,
} from './report-proofs.ts';
import { newCodeInShard, newVerificationCode, parseVerificationCode } from './verification-code.ts';
import {
  apiVerifyPath,
  portalVerifyPath,
  printable,
  REPORT_FORMAT,
  type ReportCheckpoint,
  type ReportContent,
  type ReportEvaluation,
  type ReportField,
  type ReportLang,
  type ReportLegalBasis,
  type ReportListEntry,
  type ReportMark,
  type ReportRecord,
  type ReportScope,
} from './content.ts';
import { layoutReport, type ReportLayout, type Signed } from './layout.ts';
import { renderHtml } from './html.ts';
import { findCjkFont, ReportFontError, type FontFiles, type PdfInput } from './pdf.ts';
import { TaskError, TaskThread } from '../../kernel/task-thread.ts';
import type { AccessLog } from '../access-log/access-log.service.ts';
import { ownSubject, type Principal } from '../../kernel/principal.ts';
import { insertReport, ledgerBytesAt, reportByCode, reportShardBounds, type ReportRow } from './report.store.ts';
import type { IssueRequest } from './reports.schemas.ts';

export interface IssueOptions {
  asOf?: Date;
  scope: ReportScope;
  lang: ReportLang;
}

export interface IssuedReport {
  code: string;
  subjectKey: string;
  scope: ReportScope;
  lang: ReportLang;
  issuedAt: string;
  asOf: string;
  digest: string;
  keyId: string;
  verifyPath: string;
  portalVerifyPath: string;
}

/**
 * What every signed document carries beside its own body, whatever its format: what verification
 * reads (a public-credit report is one; another feature's document, such as the financial credit
 * report, is signed and stored the same way under its own format).
 */
export interface DocumentEnvelope {
  format: string;
  code: string;
  scope: ReportScope;
  lang: ReportLang;
  generatedAt: string;
  asOf: string;
  date: string;
  timeZone: string;
  policyVersion: string;
  issuer: { platform: string; keyId: string; publicKeyFingerprint: string };
  verification: { code: string; apiPath: string; portalPath: string };
  subject: { code: string; name: string; kind: string };
}

/** Lays out a signed document of a registered format for its HTML page and its PDF. */
export type DocumentLayout = (content: DocumentEnvelope & Record<string, unknown>, signed: Signed, options: { baseUrl?: string }) => ReportLayout;

export interface StoredReport {
  code: string;
  subjectKey: string;
  scope: ReportScope;
  lang: ReportLang;
  issuedAt: string;
  asOf: string;
  digest: string;
  signature: string;
  keyId: string;
  content: ReportContent;
  /** The signed bytes: the canonical JSON of the content, exactly as stored. */
  canonical: string;
}

export type VerifyFailure = 'unknown-code' | 'tampered' | 'bad-signature' | ProofFailure;

export type ReportVerification =
  | {
      valid: true;
      code: string;
      subject: { code: string; name: string; kind: string };
      scope: ReportScope;
      lang: ReportLang;
      issuedAt: string;
      asOf: string;
      date: string;
      policyVersion: string;
      digest: string;
      keyId: string;
      publicKeyFingerprint: string;
      /** The checkpoint the report cites and how each record's proof checked; null for a report that carries none. */
      proofs: ProofsCheck | null;
    }
  | {
      valid: false;
      code: string;
      reason: VerifyFailure;
      detail: string;
      /** The record whose proof or shown field failed, and the field (record-mismatch). */
      record?: string;
      field?: string;
      proofs?: ProofsCheck;
    };

/** A public record's version, proved in the latest checkpoint (the record's public page links it). */
export interface RecordProof {
  recordId: string;
  version: number;
  /** The record's version now; the proof is of `version`. */
  currentVersion: number;
  /** The event that holds the version: its position, leaf hash and inclusion proof (base64). */
  event: { log: number; index: number; leafHash: string; inclusionProof: string[] };
  checkpoint: ReportCheckpoint & { logSize: number };
}

export interface ReportServiceOptions {
  /** The CJK font for PDFs; by default the installed Noto Sans CJK (Debian: fonts-noto-cjk). */
  fonts?: FontFiles;
  /** Logs full reports and reports about natural persons to the subject's access log. */
  access?: AccessLog;
  /**
   * The ledger's signed checkpoints (the platform's log). Without it the service signs the
   * checkpoints it cites itself, with its current key under the default origin.
   */
  log?: ReportLog;
}

/** The checkpoints' origin when none is configured. */
export const DEFAULT_LOG_ORIGIN = 'xinyong.local/ledger';

/**
 * Who reads a report, asked only when it matters (a full report): a public report is for anyone,
 * whatever credentials come with the request.
 */
export type Reader = () => Promise<Principal | null>;

/** Runs once a request is allowed, before the work it asks for (a caller's rate limit). */
export type Admit = () => void | Promise<void>;

/** A full report goes only to the subject's own account. */
export function requireOwnSubject(p: Principal | null, subjectKey: string): void {
  if (!p) {
    throw new AppError(
      'unauthenticated',
      "a full report is only for the subject itself: log in to the subject's account (POST /v1/session) and send its token; anyone can have a public report",
    );
  }
  if (ownSubject(p) !== subjectKey) throw new AppError('forbidden', "a full report is only for the subject's own account; anyone can have a public report");
}

export const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const iso = (v: Date | string) => new Date(v).toISOString();

export class ReportService {
  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly clock: Clock,
    private readonly subjects: SubjectService,
    private readonly evaluations: EvaluationService,
    /** The key ring, or a function that loads it on first use (so commands that never touch reports need none). */
    private readonly keys: KeyRing | (() => KeyRing),
    private readonly options: ReportServiceOptions = {},
  ) {}

  /** The layouts of other features' signed documents, by format. */
  private readonly documentLayouts = new Map<string, DocumentLayout>();

  /** The report table's shards on a Citus cluster (null elsewhere), read once. */
  private shardBounds: Promise<number[] | null> | null = null;

  /** A new verification code for a subject's report: on a Citus cluster, one that lies in the subject's shard. */
  private async newCode(subjectKey: string): Promise<string> {
    const bounds = await (this.shardBounds ??= reportShardBounds(this.db).catch((err: unknown) => {
      this.shardBounds = null;
      throw err;
    }));
    return bounds ? newCodeInShard(subjectKey, bounds) : newVerificationCode();
  }

  /** Lets documents of a format (another feature's) be issued, read and rendered as reports are. */
  registerDocument(format: string, layout: DocumentLayout): void {
    this.documentLayouts.set(format, layout);
  }

  /**
   * Signs and stores another feature's document under a new verification code, exactly as a
   * report is (canonical JSON, SHA-256, Ed25519, the report table): anyone holding the code
   * verifies it; only its subject's own account reads it in full (scope full). Stored in `q`'s
   * transaction when given, with the access log's entry.
   */
  async issueDocument(input: {
    format: string;
    subjectKey: string;
    subject: DocumentEnvelope['subject'];
    lang: ReportLang;
    asOf: Date;
    date: string;
    body: Record<string, unknown>;
  }, q: Queryable = this.db): Promise<IssuedReport> {
    if (!this.documentLayouts.has(input.format)) throw new Error(`no layout is registered for documents of format ${input.format}`);
    const generatedAt = this.clock.now();
    for (let attempt = 0; ; attempt++) {
      const code = await this.newCode(input.subjectKey);
      const envelope: DocumentEnvelope = {
        format: input.format,
        code,
        scope: 'full',
        lang: input.lang,
        generatedAt: generatedAt.toISOString(),
        asOf: input.asOf.toISOString(),
        date: input.date,
        timeZone: this.policy.manifest.timeZone,
        policyVersion: this.policy.version,
        issuer: { platform: 'xinyong', keyId: this.key.keyId, publicKeyFingerprint: this.key.fingerprint },
        verification: { code, apiPath: apiVerifyPath(code), portalPath: portalVerifyPath(code) },
        subject: input.subject,
      };
      const canonical = canonicalJson({ ...input.body, ...envelope });
      const digest = sha256Hex(canonical);
      const signature = this.key.sign(Buffer.from(canonical, 'utf8'));
      const inserted = await insertReport(q, {
        code,
        subjectKey: input.subjectKey,
        scope: 'full',
        lang: input.lang,
        issuedAt: generatedAt,
        asOf: input.asOf,
        content: canonical,
        digest,
        signature,
        keyId: this.key.keyId,
      });
      if (!inserted) {
        if (attempt < 4) continue;
        throw new Error('could not allocate a unique report verification code');
      }
      await this.options.access?.viewed(input.subjectKey, 'beyond-public', 'report.issued', `${input.format} ${code}`, q);
      return {
        code,
        subjectKey: input.subjectKey,
        scope: 'full',
        lang: input.lang,
        issuedAt: envelope.generatedAt,
        asOf: envelope.asOf,
        digest,
        keyId: this.key.keyId,
        verifyPath: apiVerifyPath(code),
        portalVerifyPath: portalVerifyPath(code),
      };
    }
  }

  /** The layout of a stored report, or of a registered document by its format. */
  private layoutOf(r: StoredReport, options: { baseUrl?: string }): ReportLayout {
    const document = this.documentLayouts.get(r.content.format);
    if (document) return document(r.content as unknown as DocumentEnvelope & Record<string, unknown>, this.signed(r), options);
    return layoutReport(r.content, this.signed(r), options);
  }

  /** PDFs are rendered in a worker thread, started on the first one. */
  private readonly pdfThread = new TaskThread<{ input: PdfInput; fonts?: FontFiles }, Uint8Array>(new URL('./pdf-worker.ts', import.meta.url));

  async close(): Promise<void> {
    await this.pdfThread.close();
  }

  private loadedRing: KeyRing | null = null;
  private get ring(): KeyRing {
    if (!this.loadedRing) {
      try {
        this.loadedRing = typeof this.keys === 'function' ? this.keys() : this.keys;
      } catch (err) {
        // An operator's problem (no key configured), said plainly rather than as an anonymous 500.
        if (err instanceof SigningKeyError) throw new AppError('internal-error', `reports are not available: ${err.message}`);
        throw err;
      }
    }
    return this.loadedRing;
  }

  /** The key that signs reports now. */
  private get key(): SigningKey {
    return this.ring.current;
  }

  private ownLog: ReportLog | null = null;
  private get log(): ReportLog {
    if (this.options.log) return this.options.log;
    return (this.ownLog ??= {
      origin: DEFAULT_LOG_ORIGIN,
      currentCheckpoint: () => makeCheckpoint(this.db, DEFAULT_LOG_ORIGIN, noteSignerOf(this.key, DEFAULT_LOG_ORIGIN), this.clock.now()),
    });
  }

  /** The key that signed a report (current or retired), with when it was retired, if it was. */
  private keyFor(keyId: string): { key: VerificationKey; retiredAt: string | null; compromised: boolean } | undefined {
    if (keyId === this.key.keyId) return { key: this.key, retiredAt: null, compromised: false };
    const r = this.ring.retired.find((k) => k.keyId === keyId);
    return r ? { key: r, retiredAt: r.retiredAt, compromised: r.compromised } : undefined;
  }

  /** The published verification keys: anyone can check a report's signature with them. */
  publicKey(): {
    algorithm: 'Ed25519';
    keyId: string;
    fingerprint: string;
    publicKeyPem: string;
    signed: string;
    retired: Array<{ keyId: string; fingerprint: string; publicKeyPem: string; retiredAt: string; compromised: boolean }>;
  } {
    return {
      algorithm: 'Ed25519',
      keyId: this.key.keyId,
      fingerprint: this.key.fingerprint,
      publicKeyPem: this.key.publicKeyPem,
      signed:
        'the UTF-8 bytes of the canonical JSON of a report’s content (object keys sorted by code unit, no white space); ' +
        'digest = SHA-256 of the same bytes; fingerprint = SHA-256 of the public key’s SubjectPublicKeyInfo DER',
      // Earlier keys: each verifies the reports it signed before it was retired (a report names its
      // key), except a compromised one, which verifies nothing.
      retired: this.ring.retired.map(({ keyId, fingerprint, publicKeyPem, retiredAt, compromised }) => ({
        keyId,
        fingerprint,
        publicKeyPem,
        retiredAt,
        compromised,
      })),
    };
  }

  /** Whether PDFs can be rendered here (the CJK font is installed); throws a clear error if not. */
  checkFonts(): FontFiles {
    return findCjkFont(this.options.fonts);
  }

  // ---------------------------------------------------------------------------------- issuing

  /**
   * Issues a report for a requester: a public one (the default) for anyone, a full one only for
   * the subject's own account. `admit` runs once the requester may have it, before it is built.
   */
  async issueFor(p: Principal | null, req: IssueRequest, admit?: Admit): Promise<IssuedReport> {
    const scope = req.scope ?? 'public';
    const key = this.subjects.keyOf(req.subject);
    if (scope === 'full') requireOwnSubject(p, key);
    await admit?.();
    const asOf = req.asOf ? this.subjects.parseInstant(req.asOf) : undefined;
    return this.issue(req.subject, { scope, lang: req.lang ?? 'zh', ...(asOf ? { asOf } : {}) });
  }

  /** Issues a report about a subject, whoever asks (issueFor decides who may have which). */
  async issue(subjectCode: string, options: IssueOptions): Promise<IssuedReport> {
    const { scope, lang } = options;
    const key = this.subjects.keyOf(subjectCode);
    const generatedAt = this.clock.now();
    // The same instant the public profile uses: a future asOf means now.
    const past = options.asOf && options.asOf.getTime() < generatedAt.getTime() ? options.asOf : undefined;
    const profile = await this.subjects.profile(subjectCode, past);
    const date = profile.date;

    let records: ReportRecord[];
    let entries: ReportListEntry[];
    if (scope === 'public') {
      records = profile.records.map((r) => {
        const item = this.policy.item(r.item);
        const fields: ReportField[] = [];
        for (const f of item?.fields ?? []) {
          const v = r.fields[f.name];
          if (v !== undefined) fields.push({ name: f.name, label: f.label, type: f.type, disclosure: f.disclosure, value: printable(v) });
        }
        return {
          recordId: r.recordId,
          item: r.item,
          itemName: r.itemName,
          category: r.category,
          polarity: r.polarity,
          agency: r.agency,
          version: r.version,
          decision: r.decision,
          fields,
          publicity: r.publicity,
          disputed: r.disputed,
          underRepair: r.underRepair,
        };
      });
      entries = profile.listEntries.map((e) => ({
        entryId: e.entryId,
        list: e.list,
        listName: e.listName,
        type: e.type,
        area: e.area,
        state: 'in-force',
        listedOn: e.listedOn,
        until: e.until,
        decidingAgency: e.decidingAgency,
        basisRecords: e.basisRecords,
        disputed: e.disputed,
        underRepair: e.underRepair,
      }));
    } else {
      const st = await this.fullState(key, past ?? null);
      records = st.records.sort(byDecisionDateDesc).map((r) => this.fullRecord(r, date));
      entries = st.entries.sort(byProposedDesc).map((e) => this.entry(e, date));
    }

    const proved = await this.prove(key, scope, records, past);
    records = proved.records;
    const evaluations = await this.evaluationsFor(key, scope, date, past);
    const marks = { disputed: [] as ReportMark[], underRepair: [] as ReportMark[] };
    for (const r of records) {
      if (r.disputed) marks.disputed.push({ type: 'record', id: r.recordId });
      if (r.underRepair) marks.underRepair.push({ type: 'record', id: r.recordId });
    }
    for (const e of entries) {
      if (e.disputed) marks.disputed.push({ type: 'list-entry', id: e.entryId });
      if (e.underRepair) marks.underRepair.push({ type: 'list-entry', id: e.entryId });
    }

    for (let attempt = 0; ; attempt++) {
      const code = await this.newCode(key);
      const content: ReportContent = {
        format: REPORT_FORMAT,
        code,
        scope,
        lang,
        generatedAt: generatedAt.toISOString(),
        asOf: profile.asOf,
        date,
        timeZone: this.policy.manifest.timeZone,
        policyVersion: profile.policyVersion,
        issuer: { platform: 'xinyong', keyId: this.key.keyId, publicKeyFingerprint: this.key.fingerprint },
        verification: { code, apiPath: apiVerifyPath(code), portalPath: portalVerifyPath(code) },
        subject: profile.subject,
        records,
        listEntries: entries,
        evaluations,
        marks,
        legalBases: this.legalBases(records, entries, evaluations),
        checkpoint: proved.checkpoint,
      };
      const canonical = canonicalJson(content);
      const digest = sha256Hex(canonical);
      const signature = this.key.sign(Buffer.from(canonical, 'utf8'));
      const inserted = await insertReport(this.db, {
        code,
        subjectKey: key,
        scope,
        lang,
        issuedAt: generatedAt,
        asOf: new Date(profile.asOf),
        content: canonical,
        digest,
        signature,
        keyId: this.key.keyId,
      });
      if (!inserted) {
        if (attempt < 4) continue; // 55 random bits: a collision is next to impossible, twice in a row more so
        throw new Error('could not allocate a unique report verification code');
      }
      await this.options.access?.viewed(key, scope === 'full' ? 'beyond-public' : 'public', 'report.issued', `${scope} report ${code}`);
      return {
        code,
        subjectKey: key,
        scope,
        lang,
        issuedAt: content.generatedAt,
        asOf: content.asOf,
        digest,
        keyId: this.key.keyId,
        verifyPath: apiVerifyPath(code),
        portalVerifyPath: portalVerifyPath(code),
      };
    }
  }

  /**
   * The records with their proofs: for each, the events that determine what it shows (the event
   * holding the version shown, the filing of a corrected version, the end of publicity or
   * withdrawal it shows), read from the subject's log as of the report's instant, and their
   * inclusion proofs in the checkpoint made (or found) after they were read, which therefore
   * holds every one of them.
   */
  private async prove(
    subjectKey: string,
    scope: ReportScope,
    records: ReportRecord[],
    past: Date | undefined,
  ): Promise<{ records: ReportRecord[]; checkpoint: ReportCheckpoint }> {
    const events = await subjectEvents(this.db, subjectKey, past);
    const checkpoint = await this.log.currentCheckpoint();
    const toProve = records.map((r) => {
      const found = eventsToProve(r, events);
      if (!found) throw new Error(`record ${r.recordId} version ${r.version} has no event in its subject's log`);
      return found;
    });
    const stored = await this.storedEvents(toProve.flatMap((f) => [f.version, ...(f.filing ? [f.filing] : []), ...f.later]));
    const proof = (r: ReportRecord, e: LedgerEvent) => eventProof(this.db, checkpoint, stored(e), mayCarryEvent(scope, r, e));
    const proved: ReportRecord[] = [];
    for (const [i, r] of records.entries()) {
      const found = toProve[i]!;
      proved.push({
        ...r,
        event: await proof(r, found.version),
        ...(found.filing ? { filing: await proof(r, found.filing) } : {}),
        ...(found.later.length > 0 ? { later: await Promise.all(found.later.map((e) => proof(r, e))) } : {}),
      });
    }
    return { records: proved, checkpoint: { id: checkpoint.id, madeAt: checkpoint.madeAt, note: checkpoint.note } };
  }

  /** The canonical bytes of these events, read from the ledger by position (all at once), by event. */
  private async storedEvents(events: readonly LedgerEvent[]): Promise<(e: LedgerEvent) => StoredEvent> {
    const bytes = await ledgerBytesAt(this.db, events);
    const byPosition = new Map(events.map((e, i) => [positionKey(e.log, e.index), bytes[i]]));
    return (event) => {
      const payload = byPosition.get(positionKey(event.log, event.index));
      if (payload === undefined) throw new Error(`the ledger holds no event ${event.log}/${event.index}, which it has just read`);
      return { event, payload };
    };
  }

  /** The platform's own copy of the events a report proves: their bytes, read from the ledger by position. */
  private async ledgerCopies(content: ReportContent): Promise<Map<string, string | null>> {
    const positions = provedPositions(content);
    const bytes = await ledgerBytesAt(this.db, positions);
    return new Map(positions.map((p, i) => [positionKey(p.log, p.index), bytes[i] ?? null]));
  }

  /** Every record and list entry of the subject, now (projections) or as of a past instant (ledger replay). */
  private async fullState(key: string, past: Date | null): Promise<{ records: RecordRow[]; entries: ListEntryRow[] }> {
    if (past === null) {
      return { records: await loadSubjectRecords(this.db, key), entries: await loadSubjectRows(this.db, LIST_ENTRY_TABLE, key) };
    }
    const st = applyEvents(emptyState(), await subjectEvents(this.db, key, past));
    return { records: [...st.records.values()], entries: [...st.entries.values()] };
  }

  private fullRecord(r: RecordRow, date: string): ReportRecord {
    const item = this.policy.item(r.item);
    const fields: ReportField[] = [];
    const known = new Set<string>();
    for (const f of item?.fields ?? []) {
      known.add(f.name);
      const v = r.fields[f.name];
      if (v !== undefined) fields.push({ name: f.name, label: f.label, type: f.type, disclosure: f.disclosure, value: printable(v) });
    }
    for (const [name, v] of Object.entries(r.fields)) {
      if (!known.has(name)) fields.push({ name, label: { zh: name, en: name }, type: 'text', disclosure: 'restricted', value: printable(v) });
    }
    return {
      recordId: r.recordId,
      item: r.item,
      itemName: item?.name ?? { zh: r.item, en: r.item },
      category: r.category,
      polarity: r.polarity,
      agency: r.agencyCode,
      version: r.version,
      decision: { number: r.decision.number, date: r.decision.date, authority: r.decision.authority, basis: r.decision.basis },
      fields,
      publicity: { class: r.publicityClass, ruleVersion: r.ruleVersion, start: r.publicityStart, end: r.publicityEnd },
      disputed: r.openObjections > 0,
      underRepair: r.pendingRepair !== null,
      status: r.status,
      inPublicity: isRecordPublic(r, date),
      publicityMinimumEnd: r.publicityMinimumEnd,
      publicityEndedOn: r.publicityEndedOn,
      publicityEndReason: r.publicityEndReason,
      repairable: r.repairable,
    };
  }

  private entry(e: ListEntryRow, date: string): ReportListEntry {
    const def = this.policy.list(e.list);
    // An entry whose period has run out is no longer in force, whether or not the scheduler has recorded it yet.
    const state = e.state === 'in-force' && !listedOn(e, date) && e.listedOn !== null && date >= e.listedOn ? 'removed' : e.state;
    return {
      entryId: e.entryId,
      list: e.list,
      listName: def?.name ?? { zh: e.list, en: e.list },
      type: def?.type ?? 'unknown',
      area: def?.area ?? null,
      state,
      listedOn: e.listedOn,
      until: e.until,
      decidingAgency: e.decidingAgency,
      basisRecords: e.basisRecords,
      disputed: e.openObjections > 0,
      underRepair: e.pendingRepair !== null,
    };
  }

  /**
   * The evaluations in force at the report's instant (for a past instant, as the platform showed
   * them then, with the overrides then in force): the public tier where published; in full for
   * the subject.
   */
  private async evaluationsFor(key: string, scope: ReportScope, date: string, past: Date | undefined): Promise<ReportEvaluation[]> {
    const all = await this.evaluations.of(key, past);
    return all
      .filter((e) => e.date <= date)
      .map((e) => {
        const card = this.policy.scorecard(e.scorecard);
        const effective = e.override?.tier ?? e.tier;
        // The label of the tier in effect: an override's own, never the computed tier's.
        const label = tierLabelOf(card, effective);
        const published = effective !== null && (card?.publicTiers.includes(effective) ?? false);
        const base = {
          scorecard: e.scorecard,
          name: card?.name ?? { zh: e.scorecard, en: e.scorecard },
          version: e.version,
          date: e.date,
          published,
          overridden: e.override !== null,
        };
        if (scope === 'public') return { ...base, tier: published ? effective : null, tierLabel: published ? label : null };
        const names = new Map((card ? factorsOf(card) : []).map((f) => [f.code, f.name]));
        return {
          ...base,
          tier: effective,
          tierLabel: label,
          eligible: e.eligible,
          score: e.score,
          tierReason: e.tierReason,
          factors: e.factors.map((f) => ({
            code: f.code,
            name: names.get(f.code) ?? { zh: f.code, en: f.code },
            value: f.value,
            contribution: f.contribution,
            capped: f.capped,
            records: f.records,
            entries: f.entries,
          })),
          override: e.override ? { tier: e.override.tier, reason: e.override.reason, at: e.override.at } : null,
        };
      });
  }

  private legalBases(records: ReportRecord[], entries: ReportListEntry[], evaluations: ReportEvaluation[]): ReportLegalBasis[] {
    const out: ReportLegalBasis[] = [];
    for (const code of [...new Set(records.map((r) => r.item))].sort()) {
      const item = this.policy.item(code);
      if (item) out.push({ kind: 'item', code, name: item.name, basis: item.legalBasis });
    }
    for (const code of [...new Set(entries.map((e) => e.list))].sort()) {
      const def = this.policy.list(code);
      if (def) out.push({ kind: 'list', code, name: def.name, basis: def.legalBasis });
    }
    for (const code of [...new Set(evaluations.map((e) => e.scorecard))].sort()) {
      const card = this.policy.scorecard(code);
      if (card) out.push({ kind: 'scorecard', code, name: card.name, basis: card.legalBasis });
    }
    return out;
  }

  /**
   * The proof that a version of a record (by default its version now) is in the ledger: the
   * event that holds it and its inclusion proof in the latest checkpoint. Only for a record in
   * publicity now; any other is answered as one that does not exist.
   */
  async recordProof(recordId: string, version?: number): Promise<RecordProof> {
    const [r] = await loadRecords(this.db, [recordId]);
    const today = this.policy.localDate(this.clock.now());
    if (!r || !isRecordPublic(r, today)) throw new AppError('record-not-found', `there is no public record ${recordId.slice(0, 60)}`);
    const v = version ?? r.version;
    if (!Number.isSafeInteger(v) || v < 1 || v > r.version) throw new AppError('record-not-found', `record ${recordId} has no version ${v}`);
    const found = (await subjectEvents(this.db, r.subjectKey)).find((e) => {
      const held = versionHeld(e);
      return held?.recordId === recordId && held.version === v;
    });
    if (!found) throw new Error(`record ${recordId} version ${v} has no event in its subject's log`);
    const checkpoint = await this.log.currentCheckpoint();
    const e = await eventProof(this.db, checkpoint, (await this.storedEvents([found]))(found), false);
    return {
      recordId,
      version: v,
      currentVersion: r.version,
      event: { log: e.log, index: e.index, leafHash: e.leafHash, inclusionProof: e.inclusionProof },
      checkpoint: { id: checkpoint.id, madeAt: checkpoint.madeAt, note: checkpoint.note, logSize: checkpoint.sizes[e.log]! },
    };
  }

  // ------------------------------------------------------------------------------ reading back

  private async row(code: string): Promise<ReportRow | undefined> {
    const parsed = parseVerificationCode(code);
    if (!parsed.valid) return undefined;
    return reportByCode(this.db, parsed.code);
  }

  /** Checks a stored row: the content still hashes to its digest, and the signature verifies. */
  private check(row: ReportRow): { ok: true; content: ReportContent } | { ok: false; reason: 'tampered' | 'bad-signature'; detail: string } {
    if (sha256Hex(row.content) !== row.digest) {
      return { ok: false, reason: 'tampered', detail: 'the stored content no longer hashes to the digest it was issued with' };
    }
    let content: ReportContent;
    try {
      content = JSON.parse(row.content) as ReportContent;
    } catch {
      return { ok: false, reason: 'tampered', detail: 'the stored content is not JSON' };
    }
    const signer = this.keyFor(row.key_id);
    if (!signer) {
      return {
        ok: false,
        reason: 'bad-signature',
        detail: `the report names key ${row.key_id}, which is neither the platform's key (${this.key.keyId}) nor one it retired`,
      };
    }
    if (signer.compromised) {
      return {
        ok: false,
        reason: 'bad-signature',
        detail: `the report was signed with key ${row.key_id}, revoked on ${signer.retiredAt} because it may have leaked: its signatures prove nothing; ask for a new report`,
      };
    }
    if (!signer.key.verify(Buffer.from(row.content, 'utf8'), row.signature)) {
      return { ok: false, reason: 'bad-signature', detail: `the signature does not verify with the platform's public key ${row.key_id}` };
    }
    // A retired key signs nothing: a report it signed after its retirement is not genuine.
    if (signer.retiredAt !== null && content.generatedAt > signer.retiredAt) {
      return { ok: false, reason: 'bad-signature', detail: `the report was signed with key ${row.key_id} after that key was retired on ${signer.retiredAt}` };
    }
    // Signed, but is it this row's? The columns must say what the signed content says.
    if (
      content.code !== row.code ||
      content.scope !== row.scope ||
      content.lang !== row.lang ||
      content.generatedAt !== iso(row.issued_at) ||
      content.asOf !== iso(row.as_of)
    ) {
      return { ok: false, reason: 'tampered', detail: 'the stored row does not match its signed content (code, scope, language or instants differ)' };
    }
    return { ok: true, content };
  }

  async verify(code: string): Promise<ReportVerification> {
    const parsed = parseVerificationCode(code);
    if (!parsed.valid) return { valid: false, code, reason: 'unknown-code', detail: `not a verification code: ${parsed.message}` };
    const row = await this.row(parsed.code);
    if (!row) return { valid: false, code: parsed.code, reason: 'unknown-code', detail: 'no report was issued under this code' };
    const c = this.check(row);
    if (!c.ok) return { valid: false, code: parsed.code, reason: c.reason, detail: c.detail };
    const s = c.content;
    // A report of the current format proves every record it shows, with the platform's own copy
    // of the ledger as the judge of what each proven event says; one of format /1 proves nothing.
    let proofs: ProofsCheck | null = null;
    if (mustProve(s)) {
      const verdict = checkReportProofs(s, this.log.origin, checkpointVerifiers(this.ring, this.log.origin), await this.ledgerCopies(s));
      if (!verdict.ok) {
        const { reason, detail, record, field, proofs } = verdict;
        return { valid: false, code: parsed.code, reason, detail, ...(record ? { record } : {}), ...(field ? { field } : {}), ...(proofs ? { proofs } : {}) };
      }
      proofs = verdict.proofs;
    }
    return {
      valid: true,
      code: s.code,
      subject: { code: s.subject.code, name: s.subject.name, kind: s.subject.kind },
      scope: s.scope,
      lang: s.lang,
      issuedAt: s.generatedAt,
      asOf: s.asOf,
      date: s.date,
      policyVersion: s.policyVersion,
      digest: row.digest,
      keyId: row.key_id,
      publicKeyFingerprint: s.issuer.publicKeyFingerprint,
      proofs,
    };
  }

  /**
   * A stored report whose integrity holds. Unknown codes are 404; a report that fails its check
   * is never served as if it were genuine.
   */
  async get(code: string): Promise<StoredReport> {
    const row = await this.row(code);
    if (!row) throw new AppError('not-found', `there is no report with verification code ${code.slice(0, 40)}`);
    const c = this.check(row);
    if (!c.ok) {
      throw new AppError('internal-error', `report ${row.code} failed its integrity check (${c.reason}: ${c.detail}); it is not served`);
    }
    return {
      code: row.code,
      subjectKey: row.subject_key,
      scope: c.content.scope,
      lang: c.content.lang,
      issuedAt: c.content.generatedAt,
      asOf: c.content.asOf,
      digest: row.digest,
      signature: row.signature,
      keyId: row.key_id,
      content: c.content,
      canonical: row.content,
    };
  }

  /** A stored report for its reader: a public one for anyone, a full one only for its subject's own account. */
  async read(code: string, reader: Reader): Promise<StoredReport> {
    const report = await this.get(code);
    if (report.scope === 'full') requireOwnSubject(await reader(), report.subjectKey);
    return report;
  }

  /** A report its reader may have (see read), as HTML. */
  async readHtml(code: string, reader: Reader, options: { baseUrl?: string } = {}): Promise<{ report: StoredReport; html: string }> {
    const report = await this.read(code, reader);
    return { report, html: await this.html(report.code, { ...options, report }) };
  }

  /** A report its reader may have (see read), as PDF; `admit` runs before it is rendered. */
  async readPdf(code: string, reader: Reader, options: { baseUrl?: string; admit?: Admit } = {}): Promise<{ report: StoredReport; pdf: Buffer }> {
    const report = await this.read(code, reader);
    await options.admit?.();
    return { report, pdf: await this.pdf(report.code, { baseUrl: options.baseUrl, report }) };
  }

  /** The key that signed a stored report (get() has verified the report with it). */
  private signerOf(r: StoredReport): VerificationKey {
    const signer = this.keyFor(r.keyId);
    if (!signer) throw new AppError('internal-error', `report ${r.code} names key ${r.keyId}, which the platform does not hold`);
    return signer.key;
  }

  private signed(r: StoredReport): Signed {
    return { digest: r.digest, signature: r.signature, keyId: r.keyId, fingerprint: r.content.issuer.publicKeyFingerprint };
  }

  /** The report as a complete HTML page. `baseUrl` makes the verification links absolute. */
  async html(code: string, options: { baseUrl?: string; report?: StoredReport } = {}): Promise<string> {
    const r = options.report ?? (await this.get(code));
    return renderHtml(this.layoutOf(r, { baseUrl: options.baseUrl }));
  }

  /** The report as a PDF with the CJK font embedded and the signed content attached. */
  async pdf(code: string, options: { baseUrl?: string; report?: StoredReport } = {}): Promise<Buffer> {
    const r = options.report ?? (await this.get(code));
    const input: PdfInput = {
      layout: this.layoutOf(r, { baseUrl: options.baseUrl }),
      signed: this.signed(r),
      canonical: r.canonical,
      // The key that signed this report, which after a rotation is no longer the current one.
      publicKeyPem: this.signerOf(r).publicKeyPem,
      subjectName: r.content.subject.name,
      generatedAt: new Date(r.issuedAt),
    };
    try {
      const bytes = await this.pdfThread.run({ input, fonts: this.options.fonts });
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (err) {
      // No CJK font on this machine: an operator's problem, said plainly.
      if (err instanceof TaskError && err.original === ReportFontError.name) throw new AppError('internal-error', err.message);
      throw err;
    }
  }
}

function byDecisionDateDesc(a: RecordRow, b: RecordRow): number {
  return a.decisionDate < b.decisionDate ? 1 : a.decisionDate > b.decisionDate ? -1 : a.recordId < b.recordId ? -1 : 1;
}

function byProposedDesc(a: ListEntryRow, b: ListEntryRow): number {
  return a.proposedOn < b.proposedOn ? 1 : a.proposedOn > b.proposedOn ? -1 : a.entryId < b.entryId ? -1 : 1;
}
