// `xinyong witness` against a running platform, as an independent party runs it: bin/xinyong in a
// child process, the platform on PGlite behind a real server. A witness cosigns a checkpoint only
// if it extends every log of the last one it accepted (c2sp.org/tlog-witness), and the platform
// serves the cosigned checkpoint; when the log is forked (an event rewritten, the log's tree and
// head recomputed so that the platform signs it as honest, its old checkpoints deleted), the
// witness refuses the new checkpoint, naming the log, both sizes and both roots, and keeps its state.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/kernel/config.ts';
import { FixedClock } from '../../src/kernel/clock.ts';
import { Platform } from '../../src/app/platform.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { headOfCheckpoint } from '../../src/ledger/checkpoints.ts';
import { logOf, partitionsOf } from '../../src/ledger/ledger.ts';
import { newCosignatureVerifier, openCheckpoint } from '../../src/ledger/tlog/checkpoint.ts';
import { parseNote } from '../../src/ledger/tlog/note.ts';
import { PgliteDatabase } from '../../src/store/pglite.ts';
import type { Actor } from '../../src/kernel/principal.ts';
import { addAgency, asActor, TEST_SECRET } from '../support/platform.ts';
import { forkLog } from '../support/fork-log.ts';
import { ledgerRows } from '../support/ledger-rows.ts';
import { ORG_A, ORG_B, penalty, registration } from '../support/records.ts';

const BIN = resolve(import.meta.dirname, '../../bin/xinyong');
const SAMR: Actor = { type: 'agency', id: 'samr-hangzhou' };

interface Run {
  status: number | null;
  stderr: string;
  json: Record<string, any>;
}

/** Runs bin/xinyong without blocking the event loop, which serves the platform meanwhile. */
function run(args: string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, XINYONG_LOG_LEVEL: 'silent' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (status) => {
      let json: Record<string, any> = {};
      try {
        json = JSON.parse(stdout) as Record<string, any>;
      } catch {
        // not every run prints JSON
      }
      done({ status, stderr, json });
    });
  });
}

describe('xinyong witness', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xinyong-witness-'));
  const dataDir = join(dir, 'data');
  const keyFile = join(dir, 'witness.key');
  const stateFile = join(dir, 'witness.json');
  const clock = new FixedClock(new Date('2026-11-20T02:00:00Z'));
  let witnessKey = '';
  let platform: Platform;
  let server: RunningServer;
  let logKey = '';
  let logA = 0;

  async function open(): Promise<void> {
    platform = await Platform.open(loadConfig({ dataDir, idHashSecret: TEST_SECRET, logLevel: 'silent', logWitnesses: [witnessKey] }, {}), { clock });
    server = await startServer(platform, { host: '127.0.0.1', port: 0 });
  }
  async function close(): Promise<void> {
    await server.stop();
    await platform.close();
  }
  const submit = async (values: unknown[]) => {
    const samr = await platform.agencies.authenticate(samrKey);
    await asActor(SAMR, () =>
      platform.intake.submit(
        samr,
        values.map((value, i) => ({ line: i + 1, value })),
      ),
    );
    clock.advance(60_000);
  };
  const checkpointNow = async () => (await fetch(`${server.url}/v1/log/checkpoint`)).text();
  const witness = (...extra: string[]) => run(['witness', '--url', server.url, '--state', stateFile, '--key', keyFile, ...extra]);
  let samrKey = '';

  beforeAll(async () => {
    const made = await run(['witness', 'keygen', '--name', 'witness.test', '--out', keyFile]);
    expect(made.status, made.stderr).toBe(0);
    witnessKey = made.json.verifierKey as string;
    await open();
    samrKey = (await addAgency(platform, SAMR.id, 'market-regulation')).apiKey;
    logA = logOf(platform.subjects.keyOf(ORG_A), await partitionsOf(platform.db));
    await submit([registration(ORG_A), penalty(1), registration(ORG_B, '深圳示例有限公司')]);
    const keys = (await (await fetch(`${server.url}/v1/log/keys`)).json()) as { keys: Array<{ verifierKey: string; current: boolean }> };
    logKey = keys.keys.find((k) => k.current)!.verifierKey;
  });
  afterAll(async () => {
    await close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes a cosigner key that only its owner reads, and never overwrites it', async () => {
    expect(witnessKey).toMatch(/^witness\.test\+[0-9a-f]{8}\+/);
    expect(Buffer.from(witnessKey.split('+')[2]!, 'base64')[0]).toBe(0x04);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const again = await run(['witness', 'keygen', '--name', 'witness.test', '--out', keyFile]);
    expect(again.status).toBe(2);
    expect(readFileSync(keyFile, 'utf8')).not.toContain(witnessKey.split('+')[2]);
  });

  it('needs the log key on its first run, and saves nothing without it', async () => {
    const r = await witness();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--log-key');
    expect(existsSync(stateFile)).toBe(false);
  });

  it("trusts the platform's stated key on first use only when told to, and says so", async () => {
    const tofuState = join(dir, 'tofu.json');
    const r = await run(['witness', '--url', server.url, '--state', tofuState, '--trust-on-first-use']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ accepted: true, firstRun: true, trustedOnFirstUse: true, cosigned: null });
    expect(r.stderr).toContain('WARNING: trusting the log key');
    expect(JSON.parse(readFileSync(tofuState, 'utf8'))).toMatchObject({ logKey });
  });

  it('says when the platform does not take its cosignature (exit 2), the checkpoint accepted and saved all the same', async () => {
    const otherKey = join(dir, 'unlisted.key');
    const otherState = join(dir, 'unlisted.json');
    expect((await run(['witness', 'keygen', '--name', 'unlisted.test', '--out', otherKey])).status).toBe(0);
    const r = await run(['witness', '--url', server.url, '--state', otherState, '--key', otherKey, '--log-key', logKey]);
    expect(r.status).toBe(2);
    expect(r.json).toMatchObject({ error: 'log-error', status: 403, problem: { type: '/problems/unknown-witness' } });
    expect(r.stderr).toContain('XINYONG_LOG_WITNESSES');
    expect(r.json.detail).toContain('accepted and saved');
    const state = JSON.parse(readFileSync(otherState, 'utf8')) as { checkpoint: string };
    expect(parseNote(state.checkpoint).signatures.map((s) => s.name)).toContain('unlisted.test');
    expect(parseNote(await checkpointNow()).signatures.map((s) => s.name)).not.toContain('unlisted.test');
  });

  it('cosigns the first checkpoint with the given log key, and the platform serves it cosigned', async () => {
    const r = await witness('--log-key', logKey);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ accepted: true, firstRun: true, grew: {}, cosigned: { witness: 'witness.test', checkpoint: expect.any(Number) } });
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { origin: string; logKey: string; checkpoint: string };
    expect(state.logKey).toBe(logKey);
    expect(state.origin).toBe(logKey.split('+')[0]);
    expect(headOfCheckpoint(parseNote(state.checkpoint).text).head).toMatchObject({ size: r.json.checkpoint.size, root: r.json.checkpoint.root });

    const served = await checkpointNow();
    const opened = openCheckpoint(served, state.origin, [newCosignatureVerifier(witnessKey)]);
    expect(opened.signatures.map((s) => s.name)).toEqual(['witness.test']);
    expect(opened.text).toBe(parseNote(state.checkpoint).text);
  });

  it('cosigns the next checkpoint after the logs grew, naming the logs that grew', async () => {
    const before = headOfCheckpoint(parseNote(JSON.parse(readFileSync(stateFile, 'utf8')).checkpoint as string).text).head;
    await submit([penalty(2), penalty(3, { code: ORG_B })]);
    const r = await witness();
    expect(r.status, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ accepted: true, firstRun: false, cosigned: { witness: 'witness.test' } });
    expect(r.json.grew[String(logA)]).toEqual({ from: before.logs[logA]!.size, to: before.logs[logA]!.size + 1 });
    expect(r.json.checkpoint.size).toBe(before.size + 2);
    const served = await checkpointNow();
    const opened = openCheckpoint(served, logKey.split('+')[0]!, [newCosignatureVerifier(witnessKey)]);
    expect(headOfCheckpoint(opened.text).head.size).toBe(before.size + 2);
  });

  it('reports a log it cannot reach as an error (exit 2), keeping its state', async () => {
    const kept = readFileSync(stateFile, 'utf8');
    const r = await run(['witness', '--url', 'http://127.0.0.1:9', '--state', stateFile, '--key', keyFile]);
    expect(r.status).toBe(2);
    expect(r.json).toMatchObject({ error: 'log-unreachable' });
    expect(readFileSync(stateFile, 'utf8')).toBe(kept);
  });

  it('leaves no lock behind, and turns away a run on a state another run holds: exit 2 naming the lock, the state untouched', async () => {
    const lock = `${stateFile}.lock`;
    expect(existsSync(lock)).toBe(false);
    const kept = readFileSync(stateFile, 'utf8');
    writeFileSync(lock, 'pid 4242 since 2026-11-20T02:00:00.000Z\n');
    const r = await witness();
    expect(r.status).toBe(2);
    expect(r.json).toMatchObject({ error: 'state-locked', lock });
    expect(r.stderr).toContain(`holds the lock ${lock} on its state file (pid 4242 since 2026-11-20T02:00:00.000Z)`);
    expect(readFileSync(stateFile, 'utf8')).toBe(kept);
    expect(existsSync(lock)).toBe(true);
    rmSync(lock);
    const after = await witness();
    expect(after.status, after.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });

  it('refuses a forked log that the platform signs as honest: exit 1 naming the log, both sizes and both roots; the state is kept', async () => {
    const kept = readFileSync(stateFile, 'utf8');
    const saved = headOfCheckpoint(parseNote(JSON.parse(kept).checkpoint as string).text).head.logs[logA]!;

    // The operator stops the platform, rewrites the fine of ORG_A's first penalty in its log, and
    // files another record for ORG_A, so that the log grows past the size the witness saw.
    await close();
    const db = await PgliteDatabase.open(dataDir);
    const [entry] = await ledgerRows(db, (r) => r.log === logA && r.type === 'record.filed' && r.payload.includes('"fineAmount":50000'));
    await forkLog(db, logA, Number(entry!.idx), (payload) => payload.replace('"fineAmount":50000', '"fineAmount":1'));
    await db.close();
    await open();
    await submit([penalty(4)]);

    const forked = headOfCheckpoint(parseNote(await checkpointNow()).text).head.logs[logA]!;
    expect(forked.size).toBe(saved.size + 1);
    const r = await witness();
    expect(r.status, r.stderr).toBe(1);
    expect(r.json).toMatchObject({
      accepted: false,
      reason: 'inconsistent',
      log: logA,
      saved: { size: saved.size, root: saved.root },
      offered: { size: forked.size, root: forked.root },
    });
    expect(r.stderr).toContain(`log ${logA}`);
    expect(readFileSync(stateFile, 'utf8')).toBe(kept);
    // The platform holds no cosignature of the forked checkpoint.
    expect(parseNote(await checkpointNow()).signatures.map((s) => s.name)).not.toContain('witness.test');

    // Run again: still refused, from the same saved checkpoint.
    const again = await witness();
    expect(again.status).toBe(1);
    expect(again.json).toMatchObject({ reason: 'inconsistent', log: logA, saved: { size: saved.size, root: saved.root } });
  });
});
