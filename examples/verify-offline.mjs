#!/usr/bin/env node
// Verifies a xinyong credit report offline, with node:crypto alone: the report's signature, the
// signed ledger checkpoint it cites (C2SP signed note and tlog-checkpoint, Ed25519), and, for
// each record it shows, that the event holding the version shown is in that checkpoint (the
// leaf hash from the event's bytes where the report carries them, and the RFC 9162 inclusion
// proof to its log's root). Prints OK or FAIL for each check; exits 1 if any check fails.
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
  const reportKeyId = sha256(key.export({ type: 'spki', format: 'der' })).toString('hex').slice(0, 16);
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

/** What differs between a record as the report shows it and the event bytes the report carries for it. */
function differenceFromEvent(record, payload) {
  const event = JSON.parse(payload);
  const version = event.type === 'record.filed' ? 1 : event.type === 'record.corrected' ? event.data.version : null;
  if (event.data?.recordId !== record.recordId || version !== record.version) return `the event is not ${record.recordId} version ${record.version}`;
  for (const [part, value] of Object.entries(record.decision)) if (event.data.decision[part] !== value) return `its decision ${part} is not the event's`;
  for (const f of record.fields) {
    const held = event.data.fields[f.name];
    const shown = held !== null && typeof held === 'object' && 'masked' in held ? held.masked : held; // identity numbers are shown masked
    if (canonical(shown) !== canonical(f.value)) return `its field ${f.name} is not the event's`;
  }
  return null;
}

function checkRecord(record, logs) {
  const e = record.event;
  if (!e) return 'the report carries no proof of it';
  const log = logs[e.log];
  if (!log) return `the checkpoint has no log ${e.log}`;
  const leaf = Buffer.from(e.leafHash, 'base64');
  if (e.payload !== null) {
    if (!leafHash(Buffer.from(e.payload, 'utf8')).equals(leaf)) return 'its event bytes do not hash to its leaf hash';
    const difference = differenceFromEvent(record, e.payload);
    if (difference) return difference;
  }
  const proof = e.inclusionProof.map((h) => Buffer.from(h, 'base64'));
  if (!verifyInclusion(e.index, log.size, leaf, proof, log.root)) return `its inclusion proof does not lead to the root of log ${e.log} at size ${log.size}`;
  return null;
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
    console.log(`FAIL report ${c.code}: it cites no checkpoint`);
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
  for (const r of c.records) {
    const bytes = r.event?.payload === null ? 'leaf hash only' : 'event bytes checked';
    if (opened) check(`record ${r.recordId} version ${r.version} (log ${r.event?.log}, index ${r.event?.index}, ${bytes})`, () => checkRecord(r, logs));
    else {
      failures++;
      console.log(`FAIL record ${r.recordId}: the checkpoint did not verify`);
    }
  }
  return failures === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
