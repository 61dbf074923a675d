#!/usr/bin/env node
// Verifies a xinyong credit report offline, with node:crypto alone: the report's signature, the
// signed ledger checkpoint it cites (C2SP signed note and tlog-checkpoint, Ed25519), and, for
// each record it shows, that the events determining what it shows are in that checkpoint (RFC
// 9162 inclusion proofs to their log's root), that their bytes hash to the leaves, and that every
// field shown is the field of the event it comes from. Prints OK, PART (in the log, but the report
// withholds an event's bytes, so its fields are not checked) or FAIL for each check; exits 0 only
// when everything was checked, 1 if any check fails, 3 if some record could only be partly checked.
//
//   node verify-offline.mjs REPORT.json VERIFIER_KEY [VERIFIER_KEY ...]
//
// REPORT.json is the answer of GET /v1/reports/{code}; a verifier key is one of the `keys` of
// GET /v1/log/keys (`<origin>+<key ID>+<base64 key>`). See docs/verify-offline.md.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const sha256 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

// ------------------------------------------------------------------ Ed25519 and C2SP note keys

/** An Ed25519 public key object from its 32 raw bytes (wrapped as SubjectPublicKeyInfo DER). */
const ed25519Key = (raw) => createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]), format: 'der', type: 'spki' });

/** A C2SP verifier key `<name>+<8 hex digits>+<base64(0x01 || 32-byte key)>`, its ID checked. */
function parseVerifierKey(vkey) {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(vkey.trim());
  if (!m) throw new Error(`not a verifier key: ${vkey}`);
  const [, name, id, b64] = m;
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length !== 33 || bytes[0] !== 0x01) throw new Error(`${name}: not an Ed25519 note key (type 0x01, 32 bytes)`);
  const raw = bytes.subarray(1);
  // The key ID is the first four bytes of SHA-256(name || 0x0A || type || key).
  const keyId = sha256(Buffer.from(name, 'utf8'), Buffer.of(0x0a, 0x01), raw).readUInt32BE(0);
  if (keyId !== parseInt(id, 16)) throw new Error(`${name}: the key ID ${id} is not that of the key`);
  const key = ed25519Key(raw);
  // A report names its signing key by the first 16 hex digits of SHA-256 of the key's SPKI DER.
  const reportKeyId = sha256(key.export({ type: 'spki', format: 'der' }))
    .toString('hex')
    .slice(0, 16);
  return { name, keyId, key, reportKeyId };
}

// ------------------------------------------------------------------------- the report's signature

/** Canonical JSON: object keys sorted by code unit, no white space (what the report's signature covers). */
function canonical(v) {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return `{${Object.keys(v)
    .sort()
    .filter((k) => v[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
    .join(',')}}`;
}

function checkReportSignature(report, keys) {
  const signed = Buffer.from(canonical(report.content), 'utf8');
  if (sha256(signed).toString('hex') !== report.digest) throw new Error('the content does not hash to the report digest');
  const k = keys.find((k) => k.reportKeyId === report.keyId);
  if (!k) throw new Error(`the report is signed by key ${report.keyId}, which is none of the keys given`);
  if (!verify(null, signed, k.key, Buffer.from(report.signature, 'base64'))) throw new Error(`the signature does not verify with key ${report.keyId}`);
}

// ----------------------------------------------------------------- the signed checkpoint (note)

/** Opens a signed note: its text, if at least one given key signed it and no given key's signature fails. */
function openNote(note, keys) {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new Error('the checkpoint is not a signed note');
  const text = note.slice(0, split + 1);
  let verified = 0;
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const m = /^— (\S+) ([A-Za-z0-9+/]+={0,2})$/.exec(line);
    if (!m) throw new Error(`not a signature line: ${line}`);
    const sig = Buffer.from(m[2], 'base64');
    const k = keys.find((k) => k.name === m[1] && k.keyId === sig.readUInt32BE(0));
    if (!k) continue; // another key's signature, e.g. a witness's cosignature
    if (!verify(null, Buffer.from(text, 'utf8'), k.key, sig.subarray(4))) throw new Error(`the signature of ${m[1]} does not verify`);
    verified++;
  }
  if (verified === 0) throw new Error('none of the keys given signed the checkpoint');
  return text;
}

// ------------------------------------------------------------------------ RFC 9162 Merkle trees

const leafHash = (bytes) => sha256(Buffer.of(0x00), bytes);
const nodeHash = (left, right) => sha256(Buffer.of(0x01), left, right);

/** The Merkle tree hash (RFC 9162 §2.1.1) of a list of leaf hashes. */
function mth(leaves) {
  if (leaves.length === 0) return sha256(Buffer.alloc(0));
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

/** The checkpoint's logs: `origin`, total size, root over the log lines, then `log <n> <size> <base64 root>` per log. */
function parseCheckpoint(text, origin) {
  const lines = text.slice(0, -1).split('\n');
  if (lines[0] !== origin) throw new Error(`the checkpoint is of ${lines[0]}, not ${origin}`);
  const logs = lines.slice(3).map((line, i) => {
    const m = /^log (\d+) (\d+) ([A-Za-z0-9+/]{43}=)$/.exec(line);
    if (!m || Number(m[1]) !== i) throw new Error(`line ${i + 4} is not "log ${i} <size> <root>"`);
    return { size: Number(m[2]), root: Buffer.from(m[3], 'base64') };
  });
  if (logs.reduce((n, l) => n + l.size, 0) !== Number(lines[1])) throw new Error("the checkpoint's size is not the sum of its logs' sizes");
  const root = mth(lines.slice(3).map((line) => leafHash(Buffer.from(line, 'utf8'))));
  if (!root.equals(Buffer.from(lines[2], 'base64'))) throw new Error("the checkpoint's root is not the root over its logs' lines");
  return logs;
}

/** RFC 9162 §2.1.3.2: whether `proof` takes the leaf hash at `index` of a tree of `size` leaves to `root`. */
function verifyInclusion(index, size, leaf, proof, root) {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

// ------------------------------------------------------------------------------------ a record

// Every field a record may show and the event it comes from. A field not listed fails: nothing the
// report shows goes unchecked. `pack`: a label of the policy pack the report names, in no event;
// `mark`: something pending (an open objection, a pending repair), which no inclusion proof can
// bind, since nothing proves that an event is absent.
const RECORD_FIELD_SOURCES = {
  recordId: 'version',
  version: 'version',
  decision: 'version',
  fields: 'version',
  publicity: 'version',
  publicityMinimumEnd: 'version',
  repairable: 'version',
  item: 'filing',
  category: 'filing',
  polarity: 'filing',
  agency: 'filing',
  publicityEndedOn: 'later',
  publicityEndReason: 'later',
  status: 'later',
  inPublicity: 'derived',
  itemName: 'pack',
  disputed: 'mark',
  underRepair: 'mark',
  event: 'proof',
  filing: 'proof',
  later: 'proof',
};
const FIELD_PARTS = new Set(['name', 'value', 'label', 'type', 'disclosure']);
const PUBLICITY_PARTS = new Set(['class', 'ruleVersion', 'start', 'end']);
const DECISION_PARTS = new Set(['number', 'date', 'authority', 'basis']);

const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const same = (a, b) => canonical(a ?? null) === canonical(b ?? null);
const isPublicOn = (w, date) => w.published === true && w.start !== null && w.start <= date && (w.end === null || date < w.end);

/** A failure of a record: its kind (bad-proof, unproven, record-mismatch), the field shown, why. */
class RecordProblem extends Error {
  constructor(type, detail, field) {
    super(field ? `${type} (${field}): ${detail}` : `${type}: ${detail}`);
    this.type = type;
    this.field = field;
  }
}

/** The first field the record shows that is not what its proven events say, as a record-mismatch. */
function checkFields(record, version, filing, later, report) {
  const m = (field, detail) => {
    throw new RecordProblem('record-mismatch', detail, field);
  };
  for (const key of Object.keys(record)) if (!has(RECORD_FIELD_SOURCES, key)) m(key, `it shows ${key}, which nothing binds to the ledger`);
  if (version.type !== 'record.filed' && version.type !== 'record.corrected') m('event', `its event is a ${version.type}, not a filing or correction`);
  const heldVersion = version.type === 'record.filed' ? 1 : version.data.version;
  if (version.data.recordId !== record.recordId) m('recordId', `its event holds record ${version.data.recordId}`);
  if (heldVersion !== record.version) m('version', `its event holds version ${heldVersion}`);
  const f = version.type === 'record.filed' ? version : filing;
  if (!f || f.type !== 'record.filed' || f.data.recordId !== record.recordId) m('filing', `its filing event is not the filing of ${record.recordId}`);
  if (f.subject !== version.subject) m('subject', 'its filing and its version event are of different subjects');
  // The subject's name is not compared: the registration authority's spelling prevails over a filing agency's.
  if (f.data.subject.code !== report.subject.code || f.data.subject.kind !== report.subject.kind) {
    m('subject', `its filing is about ${f.data.subject.kind} ${f.data.subject.code}, not the report's subject`);
  }
  for (const k of ['item', 'category', 'polarity', 'agency']) if (record[k] !== f.data[k]) m(k, `its filing says ${k} ${f.data[k]}`);

  const d = version.data;
  for (const [part, value] of Object.entries(record.decision)) {
    if (!DECISION_PARTS.has(part) || d.decision[part] !== value) m(`decision.${part}`, `its event's decision ${part} differs`);
  }
  for (const field of record.fields) {
    for (const key of Object.keys(field)) if (!FIELD_PARTS.has(key)) m(`fields.${field.name}.${key}`, 'nothing binds it to the ledger');
    const held = has(d.fields, field.name) ? d.fields[field.name] : undefined;
    const shown = held !== null && typeof held === 'object' && !Array.isArray(held) && 'masked' in held ? held.masked : held; // identity numbers are shown masked
    if (held === undefined || !same(shown, field.value)) m(`fields.${field.name}`, `its event's field ${field.name} differs`);
  }
  const w = d.window;
  for (const key of Object.keys(record.publicity)) {
    if (!PUBLICITY_PARTS.has(key)) m(`publicity.${key}`, 'nothing binds it to the ledger');
    if (!same(record.publicity[key], w[key])) m(`publicity.${key}`, `its event's publicity window ${key} differs`);
  }
  if (has(record, 'publicityMinimumEnd') && !same(record.publicityMinimumEnd, w.minimumEnd)) m('publicityMinimumEnd', "its event's minimum end differs");
  if (has(record, 'repairable') && record.repairable !== w.repairable) m('repairable', "its event's publicity window says otherwise");

  let ended = null;
  let withdrawn = null;
  for (const e of later) {
    if (e.type === 'record.publicity-ended' && e.data.recordId === record.recordId && e.subject === version.subject) ended = e;
    else if (e.type === 'record.withdrawn' && e.data.recordId === record.recordId && e.subject === version.subject) withdrawn = e;
    else m('later', `a later event it proves is a ${e.type}, not the end of publicity or withdrawal of ${record.recordId}`);
  }
  const none = 'the report proves no end of its publicity';
  if (has(record, 'publicityEndedOn') && !same(record.publicityEndedOn, ended?.data.endedOn))
    m('publicityEndedOn', ended ? `its record.publicity-ended says ${ended.data.endedOn}` : none);
  if (has(record, 'publicityEndReason') && !same(record.publicityEndReason, ended?.data.reason))
    m('publicityEndReason', ended ? `its record.publicity-ended says ${ended.data.reason}` : none);
  const status = withdrawn ? 'withdrawn' : 'active';
  if (has(record, 'status') && record.status !== status) m('status', withdrawn ? 'the report proves its withdrawal' : 'the report proves no withdrawal');
  const endedOn = ended?.data.endedOn ?? null;
  const inPublicity = status === 'active' && !(endedOn && report.date >= endedOn) && isPublicOn(w, report.date);
  if (has(record, 'inPublicity') && record.inPublicity !== inPublicity) m('inPublicity', `its publicity window and end say otherwise on ${report.date}`);
  // A public report shows only records in publicity on its date.
  if (report.scope === 'public' && !isPublicOn(w, report.date)) m('publicity', `its event's publicity window does not cover ${report.date}`);
}

/**
 * Checks a record: every event proved for it (the version's, the filing of a corrected version,
 * the later ones) hashes to its leaf and is in its log at the checkpoint, and every field shown is
 * its event's. Returns what was proved; throws a RecordProblem. `withheld` lists the events whose
 * bytes the report does not carry: their inclusion is proved, the fields they bind are not.
 */
function checkRecord(record, logs, report) {
  const e = record.event;
  if (!e) throw new RecordProblem('unproven', 'the report carries no proof of it');
  const proved = [['version', e], ...(record.filing ? [['filing', record.filing]] : []), ...(record.later ?? []).map((l) => ['later', l])];
  const events = new Map();
  const withheld = [];
  for (const [role, p] of proved) {
    const at = `event ${p.log}/${p.index} (${role})`;
    if (p.log !== e.log) throw new RecordProblem('bad-proof', `${at} is in another log than its version's event`);
    const log = logs[p.log];
    if (!log) throw new RecordProblem('bad-proof', `the checkpoint has no log ${p.log}`);
    const leaf = Buffer.from(p.leafHash, 'base64');
    const proof = p.inclusionProof.map((h) => Buffer.from(h, 'base64'));
    if (!verifyInclusion(p.index, log.size, leaf, proof, log.root))
      throw new RecordProblem('bad-proof', `the inclusion proof of ${at} does not lead to the root of log ${p.log} at size ${log.size}`);
    if (p.payload === null) {
      withheld.push(at);
      continue;
    }
    if (!leafHash(Buffer.from(p.payload, 'utf8')).equals(leaf)) throw new RecordProblem('bad-proof', `the bytes of ${at} do not hash to its leaf hash`);
    try {
      events.set(`${role}${p.index}`, JSON.parse(p.payload));
    } catch {
      throw new RecordProblem('bad-proof', `the bytes of ${at} are not JSON`);
    }
  }
  if (withheld.length > 0) return { proved, withheld };
  const version = events.get(`version${e.index}`);
  if (record.filing && version.type !== 'record.corrected')
    throw new RecordProblem('bad-proof', 'it proves a filing beside a version event that is itself the filing');
  if (!record.filing && version.type === 'record.corrected')
    throw new RecordProblem('unproven', 'it shows a corrected version without proving its filing', 'filing');
  if (record.filing && record.filing.index >= e.index) throw new RecordProblem('bad-proof', 'its filing is not before its correction in the log');
  const filing = record.filing ? events.get(`filing${record.filing.index}`) : null;
  const later = (record.later ?? []).map((l) => events.get(`later${l.index}`));
  checkFields(record, version, filing, later, report);
  return { proved, withheld };
}

// ----------------------------------------------------------------------------------------- main

function main(argv) {
  if (argv.length < 2) {
    console.error('usage: node verify-offline.mjs REPORT.json VERIFIER_KEY [VERIFIER_KEY ...]');
    return 2;
  }
  const report = JSON.parse(readFileSync(argv[0], 'utf8'));
  const keys = argv.slice(1).map(parseVerifierKey);
  const c = report.content;
  let failures = 0;
  const check = (what, fn) => {
    try {
      const problem = fn();
      if (problem) throw new Error(problem);
      console.log(`OK   ${what}`);
      return true;
    } catch (err) {
      failures++;
      console.log(`FAIL ${what}: ${err.message}`);
      return false;
    }
  };
  check(`report ${c.code}: signature`, () => checkReportSignature(report, keys));
  if (!c.checkpoint) {
    // A report of format /2 proves what it shows against a checkpoint; one of format /1 proves nothing.
    console.log(`FAIL report ${c.code}: unproven: it cites no checkpoint, so nothing it shows is proved (format ${c.format})`);
    return 1;
  }
  let logs = [];
  const opened = check(`checkpoint ${c.checkpoint.id}: signature and root`, () => {
    const origin = c.checkpoint.note.slice(0, c.checkpoint.note.indexOf('\n'));
    const text = openNote(
      c.checkpoint.note,
      keys.filter((k) => k.name === origin),
    );
    logs = parseCheckpoint(text, origin);
  });
  let unchecked = 0;
  for (const r of c.records) {
    const what = `record ${r.recordId} version ${r.version}`;
    if (!opened) {
      failures++;
      console.log(`FAIL ${what}: the checkpoint did not verify`);
      continue;
    }
    try {
      const { proved, withheld } = checkRecord(r, logs, c);
      const events = proved.map(([role, p]) => `${role} ${p.log}/${p.index}`).join(', ');
      if (withheld.length > 0) {
        // In the log, but what the report shows of it is not checked: never an OK.
        unchecked++;
        console.log(
          `PART ${what} (${events}): in the log, but the report withholds the bytes of ${withheld.join(', ')}, so the fields it shows are not checked`,
        );
      } else console.log(`OK   ${what} (${events}): in the log, every field shown is its events'`);
    } catch (err) {
      failures++;
      console.log(`FAIL ${what}: ${err.message}`);
    }
  }
  if (failures > 0) return 1;
  if (unchecked > 0) {
    console.log(
      `INCOMPLETE: ${unchecked} record(s) proved in the log without their fields checked; the platform's verification (GET /v1/reports/${c.code}/verify) checks them against its ledger`,
    );
    return 3;
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
