// The xinyong command as an operator runs it: bin/xinyong in a child process, JSON on stdout,
// exit statuses 0 / 1 / 2.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { generateSigningKeyPem } from '../../src/features/reports/signing-key.ts';
import { PgliteDatabase } from '../../src/store/pglite.ts';
import { Platform } from '../../src/app/platform.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { freshStore, STORES } from '../support/stores.ts';
import { ORG_A, ORG_B, ORG_C, penalty, registration } from '../support/records.ts';
import { ledgerRows, rewriteEvent } from '../support/ledger-rows.ts';
import { TILE_WIDTH } from '../../src/ledger/tlog/tiles.ts';
import { readLease, releaseLease, takeLease } from '../../src/features/scheduler/lease.store.ts';
import { SCHEDULER_LEASE } from '../../src/features/scheduler/scheduler.ts';

const BIN = resolve(import.meta.dirname, '../../bin/xinyong');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  json: Record<string, unknown>;
}

function run(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, XINYONG_LOG_LEVEL: 'silent', ...env }, timeout: 120_000 });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(r.stdout) as Record<string, unknown>;
  } catch {
    // not every run prints JSON
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

const tmp = mkdtempSync(join(tmpdir(), 'xinyong-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('xinyong id check', () => {
  it.each([
    ['914403001922038216', '440300'],
    ['91330100716105852F', '330100'],
    ['91440300708461136T', '440300'],
    ['91520000214434146R', '520000'],
  ])('accepts %s', (code, division) => {
    const r = run(['id', 'check', code]);
    expect(r.status).toBe(0);
    expect(r.json).toMatchObject({ valid: true, kind: 'uscc', code, parts: { authority: '9', category: '1', divisionCode: division, check: code[17] } });
  });

  it('runs as an executable, its #! line giving Node its memory setting', () => {
    const r = spawnSync(BIN, ['id', 'check', '914403001922038216'], {
      encoding: 'utf8',
      env: { ...process.env, XINYONG_LOG_LEVEL: 'silent' },
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, code: '914403001922038216' });
    expect(readFileSync(BIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env -S node --max-semi-space-size=64');
  });

  it('rejects a bad check character with exit 1 and the reason', () => {
    const r = run(['id', 'check', '914403001922038217']);
    expect(r.status).toBe(1);
    expect(r.json).toMatchObject({ valid: false, kind: 'uscc', reason: 'check' });
  });

  it('accepts it in lenient mode, flagged', () => {
    const r = run(['id', 'check', '--lenient', '914403001922038217']);
    expect(r.status).toBe(0);
    expect(r.json).toMatchObject({ valid: true, flags: ['check-character-mismatch'], code: '914403001922038217' });
  });

  it('checks resident identity numbers and prints only the masked form', () => {
    const ok = run(['id', 'check', '11010519491231002X']);
    expect(ok.status).toBe(0);
    expect(ok.json).toMatchObject({ valid: true, kind: 'resident-id', masked: '1101**********002X' });
    expect(ok.stdout).not.toContain('11010519491231002X');
    const bad = run(['id', 'check', '110105194912310021']);
    expect(bad.status).toBe(1);
    expect(bad.json).toMatchObject({ valid: false, kind: 'resident-id', reason: 'check', masked: '1101**********0021' });
  });

  it('exits 2 on a usage error', () => {
    expect(run(['id', 'check']).status).toBe(2);
    expect(run(['no-such-command']).status).toBe(2);
  });
});

describe('agency, import, audit and rebuild on PGlite', () => {
  const dir = join(tmp, 'data');
  let key = '';

  it('registers an agency and prints its key once', () => {
    const r = run(['agency', 'add', '--data', dir, '--code', 'samr-hangzhou', '--name', '杭州市市场监督管理局', '--kind', 'market-regulation']);
    expect(r.status).toBe(0);
    key = r.json.apiKey as string;
    expect(key).toMatch(/^xyk\.[A-Za-z0-9]{12}\.[A-Za-z0-9_-]{43}$/);
    const list = run(['agency', 'list', '--data', dir]);
    expect(JSON.stringify(list.json)).not.toContain(key.split('.')[2]!);
  });

  it('imports NDJSON in slices and resumes where it stopped, losing nothing', () => {
    const file = join(tmp, 'records.ndjson');
    const records = [registration(ORG_A), ...Array.from({ length: 24 }, (_, i) => penalty(100 + i))];
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const first = run(['import', file, '--data', dir, '--agency', key, '--batch', '10', '--max-batches', '1']);
    expect(first.status).toBe(0);
    expect(first.json).toMatchObject({ created: 10, complete: false });
    const second = run(['import', file, '--data', dir, '--agency', key, '--batch', '10']);
    expect(second.status).toBe(0);
    expect(second.json).toMatchObject({ created: 25, duplicates: 0, complete: true, resumedFromLine: 10 });
    const third = run(['import', file, '--data', dir, '--agency', key]);
    expect(third.json).toMatchObject({ alreadyComplete: true, created: 25 });
  });

  it('imports CSV with dotted columns, typing fields by the catalogue', () => {
    const file = join(tmp, 'records.csv');
    const header =
      'item,subject.code,subject.name,decision.number,decision.date,decision.authority,decision.basis,fields.penaltyTypes,fields.violatedProvision,fields.facts,fields.fineAmount';
    const rows = [
      `administrative-penalty-general,${ORG_B},"深圳示例有限公司, 分公司",深市监罚〔2026〕1号,2026-05-01,深圳市市场监督管理局,第二十条,fine|confiscation-of-illegal-gains,第八条,"虚假宣传，
跨行的事实描述",12000.5`,
      `administrative-penalty-general,${ORG_B},深圳示例有限公司,深市监罚〔2026〕2号,2026-05-02,深圳市市场监督管理局,第二十条,fine,第八条,虚假宣传,3000`,
    ];
    writeFileSync(file, `${header}\n${rows.join('\n')}\n`);
    const r = run(['import', file, '--data', dir, '--agency', key]);
    expect(r.status).toBe(0);
    expect(r.json).toMatchObject({ format: 'csv', created: 2 });
  });

  it('refuses a file with a bad line, naming it, and stores nothing of that batch', () => {
    const file = join(tmp, 'bad.ndjson');
    writeFileSync(
      file,
      [penalty(200), { ...penalty(201), decision: { ...penalty(201).decision, date: '2099-01-01' } }].map((r) => JSON.stringify(r)).join('\n'),
    );
    const r = run(['import', file, '--data', dir, '--agency', key]);
    expect(r.status).toBe(2);
    expect(r.json).toMatchObject({ error: 'validation-failed', errors: [{ line: 2, field: 'decision.date' }] });
    expect(r.stderr).toMatch(/line 2/);
  });

  it('audits only the growth since a saved checkpoint, and each log against the latest signed one', async () => {
    // A checkpoint saved as a witness would save it, then growth after it.
    const platform = await Platform.open(loadConfig({ dataDir: dir, logLevel: 'silent' }, {}));
    const saved = await platform.log.currentCheckpoint();
    await platform.close();
    const file = join(dir, 'saved-checkpoint.txt');
    writeFileSync(file, saved.note);
    const more = join(tmp, 'more.ndjson');
    writeFileSync(more, [penalty(300), penalty(301, { code: ORG_B })].map((r) => JSON.stringify(r)).join('\n') + '\n');
    expect(run(['import', more, '--data', dir, '--agency', key]).json).toMatchObject({ created: 2 });
    const all = run(['audit', 'verify', '--data', dir]);
    expect(all.status, all.stderr).toBe(0);
    expect(all.json).toMatchObject({ intact: true, checkpoint: saved.id });
    const growth = run(['audit', 'verify', '--data', dir, '--since', file]);
    expect(growth.status, growth.stderr).toBe(0);
    const savedSize = saved.sizes.reduce((a, b) => a + b, 0);
    expect(growth.json).toMatchObject({ intact: true, events: (all.json.head as { size: number }).size - savedSize });
    // A witness's state file holds the note too.
    writeFileSync(join(dir, 'witness.json'), JSON.stringify({ origin: 'xinyong.local/ledger', checkpoint: saved.note }));
    expect(run(['audit', 'verify', '--data', dir, '--since', join(dir, 'witness.json')]).status).toBe(0);
    // A note not signed by the log's keys is refused.
    writeFileSync(
      file,
      saved.note.replace(
        /— (\S+) (\S+)/,
        (_, name: string, sig: string) => `— ${name} ${Buffer.from(Buffer.from(sig, 'base64').map((b, i) => (i === 10 ? b ^ 1 : b))).toString('base64')}`,
      ),
    );
    const forged = run(['audit', 'verify', '--data', dir, '--since', file]);
    expect(forged.status).toBe(2);
    expect(forged.stderr).toMatch(/signature|verif/i);
  });

  it('verifies an intact ledger, then names the first broken event after a row is edited', async () => {
    // The audit finds an altered event by the level-4 node of its log's stored tree over its group
    // of 16 (the tree stores no leaf hashes: they are hashed from the events), borne out by the
    // level-8 node over its leaf tile, and names the group's first event: the event altered is in
    // a log of more than one tile, ORG_C's, filed here.
    const many = join(tmp, 'many.ndjson');
    writeFileSync(many, Array.from({ length: TILE_WIDTH + 10 }, (_, i) => JSON.stringify(penalty(400 + i, { code: ORG_C }))).join('\n') + '\n');
    expect(run(['import', many, '--data', dir, '--agency', key]).json).toMatchObject({ created: TILE_WIDTH + 10 });
    const ok = run(['audit', 'verify', '--data', dir]);
    expect(ok.status).toBe(0);
    expect(ok.json).toMatchObject({ intact: true });
    const head = (ok.json.head as { root: string }).root;
    expect(run(['audit', 'verify', '--data', dir, '--expect-head', head]).status).toBe(0);
    expect(run(['audit', 'verify', '--data', dir, '--expect-head', Buffer.alloc(32).toString('base64')]).status).toBe(1);

    const db = await PgliteDatabase.open(dir);
    const [row] = await ledgerRows(db, (r) => r.type === 'record.filed' && r.subject_key === ORG_C && r.payload.includes('"fineAmount":50000'));
    expect(row!.idx).toBeLessThan(TILE_WIDTH);
    await db.transaction((tx) => rewriteEvent(tx, row!.log, row!.idx, row!.payload.replace('"fineAmount":50000', '"fineAmount":1')));
    await db.close();
    const broken = run(['audit', 'verify', '--data', dir]);
    expect(broken.status).toBe(1);
    const group = row!.idx - (row!.idx % 16);
    expect(broken.json).toMatchObject({
      intact: false,
      firstBroken: { log: row!.log, index: group, reason: expect.stringMatching(new RegExp(`over events ${group} to ${group + 15} .*altered`)) },
    });
    // Put it back: the reports below prove their records against the ledger.
    const restore = await PgliteDatabase.open(dir);
    await restore.transaction((tx) => rewriteEvent(tx, row!.log, row!.idx, row!.payload));
    await restore.close();
    expect(run(['audit', 'verify', '--data', dir]).status).toBe(0);
  });

  it('rebuilds the projections from the ledger', () => {
    const r = run(['rebuild', '--data', dir]);
    expect(r.status).toBe(0);
    expect(r.json).toMatchObject({ rebuilt: true });
    expect(r.json.events as number).toBeGreaterThan(25);
  });

  it('runs the scheduler once under its lease and reports what it ended; refused while a server holds the lease', async () => {
    // A server holds the lease (its row as a server's scheduler writes it, for ten minutes).
    const db = await PgliteDatabase.open(dir);
    const server = await takeLease(db, SCHEDULER_LEASE, 'server-x', () => new Date(), 600_000);
    await db.close();
    const refused = run(['tick', '--data', dir]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/scheduler lease is held by server-x until .*: a server runs the scheduler/);
    expect(refused.stdout).toBe('');
    const free = await PgliteDatabase.open(dir);
    expect(await readLease(free, SCHEDULER_LEASE)).toMatchObject({ holder: 'server-x', dailyEvaluationOn: null });
    await releaseLease(free, server!);
    await free.close();

    const r = run(['tick', '--data', dir]);
    expect(r.status, r.stderr).toBe(0);
    // The first run of the day did the day's evaluation too, and gave the lease up.
    expect(r.json.dailyEvaluation).toMatchObject({ subjects: expect.any(Number) });
    const after = await PgliteDatabase.open(dir);
    expect(await readLease(after, SCHEDULER_LEASE)).toMatchObject({ holder: null, dailyEvaluationOn: r.json.date });
    await after.close();
    expect(r.json).toMatchObject({ date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    for (const k of ['publicityEnded', 'entriesExpired', 'escalationsProposed']) expect(typeof r.json[k], k).toBe('number');
    // Run again the same day: nothing is left to end, and the day's evaluation is done.
    expect(run(['tick', '--data', dir]).json).toMatchObject({ publicityEnded: 0, entriesExpired: 0, escalationsProposed: 0, dailyEvaluation: null });
  });

  it('evaluates every subject and reports how many', () => {
    const r = run(['evaluate', '--all', '--data', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ subjects: expect.any(Number), evaluations: expect.any(Number), date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(r.json.subjects as number).toBeGreaterThan(0);
    expect(r.json.evaluations as number).toBeGreaterThanOrEqual(r.json.subjects as number);
  });

  it("prints a subject's evaluations now, as of a past day and their history", async () => {
    const now = run(['evaluations', ORG_A, '--data', dir]);
    expect(now.status, now.stderr).toBe(0);
    const cards = now.json.evaluations as Array<{ scorecard: string; tier: string | null; factors: unknown[] }>;
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.every((e) => Array.isArray(e.factors))).toBe(true); // in full
    const history = run(['evaluations', ORG_A, '--history', '--data', dir]);
    expect(history.status, history.stderr).toBe(0);
    const rows = history.json.history as Array<{ scorecard: string; recordedAt: string }>;
    expect(new Set(rows.map((h) => h.scorecard))).toEqual(new Set(cards.map((e) => e.scorecard)));
    // Before anything was recorded there was nothing to show.
    const before = run(['evaluations', ORG_A, '--as-of', '2000-01-01', '--data', dir]);
    expect(before.status, before.stderr).toBe(0);
    expect(before.json).toMatchObject({ asOf: expect.any(String), evaluations: [] });
    const bad = run(['evaluations', ORG_A, '--as-of', 'yesterday', '--data', dir]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/asOf/);
    expect(run(['evaluations', ORG_A, '--history', '--as-of', '2000-01-01', '--data', dir]).stderr).toMatch(/takes no --as-of/);
    // Each read at the terminal is in the subject's access log, as through the API.
    const db = await PgliteDatabase.open(dir);
    try {
      const log = await db.query<{ actor: string; action: string; detail: string | null }>(
        "SELECT actor, action, detail FROM access_log WHERE subject_key = $1 AND action LIKE 'read the evaluation%' ORDER BY id",
        [ORG_A],
      );
      expect(log.map((l) => l.action)).toEqual(['read the evaluations in full', 'read the evaluation history', 'read the evaluations in full']);
      expect(log[0]!.actor).toMatch(/^administrator:cli:/);
      expect(log[2]!.detail).toBe('as of 2000-01-01T15:59:59.999Z');
    } finally {
      await db.close();
    }
  });

  it('adds a subject account, printing a generated password once, and refuses a duplicate', () => {
    const r = run(['account', 'add', '--data', dir, '--username', 'cli-subject', '--subject', ORG_A]);
    expect(r.status).toBe(0);
    expect(r.json).toMatchObject({ username: 'cli-subject', role: 'subject' });
    expect(String(r.json.password)).toMatch(/^.{12,}$/);
    const again = run(['account', 'add', '--data', dir, '--username', 'cli-subject', '--subject', ORG_A]);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/cli-subject/);
  });

  it('issues a signed report with its PDF and verifies it by code; an unknown code exits 1', () => {
    const pdf = join(tmp, 'report.pdf');
    const issued = run(['report', 'issue', ORG_B, '--data', dir, '--pdf', pdf]);
    expect(issued.status, issued.stderr).toBe(0);
    expect(issued.json).toMatchObject({ scope: 'public', lang: 'zh' });
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const code = issued.json.code as string;
    const ok = run(['report', 'verify', code, '--data', dir]);
    expect(ok.status).toBe(0);
    expect(ok.json).toMatchObject({ valid: true, code });
    const unknown = run(['report', 'verify', 'XY-AAAA-BBBB-CCCC', '--data', dir]);
    expect(unknown.status).toBe(1);
    expect(unknown.json).toMatchObject({ valid: false, reason: 'unknown-code' });
  });

  it('rotates the signing key: reports issued before still verify, new ones name the new key; a configured key is rotated in the configuration', () => {
    const before = run(['report', 'issue', ORG_B, '--data', dir]);
    expect(before.status, before.stderr).toBe(0);
    const oldKey = before.json.keyId as string;
    const rotated = run(['report', 'rotate-key', '--data', dir]);
    expect(rotated.status, rotated.stderr).toBe(0);
    expect(rotated.json).toMatchObject({ retired: { keyId: oldKey, retiredAt: expect.any(String) }, current: { keyId: expect.any(String) } });
    const newKey = (rotated.json.current as { keyId: string }).keyId;
    expect(newKey).not.toBe(oldKey);
    const keys = run(['report', 'keys', '--data', dir]);
    expect(keys.json).toMatchObject({ keyId: newKey, retired: [{ keyId: oldKey }] });
    const verified = run(['report', 'verify', before.json.code as string, '--data', dir]);
    expect(verified.status).toBe(0);
    expect(verified.json).toMatchObject({ valid: true, keyId: oldKey });
    const after = run(['report', 'issue', ORG_B, '--data', dir]);
    expect(after.json.keyId).toBe(newKey);
    const configured = run(['report', 'rotate-key', '--data', dir], { XINYONG_REPORT_SIGNING_KEY: generateSigningKeyPem() });
    expect(configured.status).toBe(2);
    expect(configured.stderr).toMatch(/XINYONG_REPORT_RETIRED_KEYS/);
  });

  it('gives a second process a clear error instead of opening a data directory in use', async () => {
    const holder = await PgliteDatabase.open(dir);
    try {
      const r = run(['agency', 'list', '--data', dir]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`in use by process ${process.pid}`));
    } finally {
      await holder.close();
    }
    expect(run(['agency', 'list', '--data', dir]).status).toBe(0);
  });
});

describe.runIf(STORES.includes('postgres'))('import on PostgreSQL after a crash', () => {
  it('resumes after the process is killed mid-import, storing every record exactly once', async () => {
    const loc = await freshStore('postgres');
    const env = { DATABASE_URL: loc.databaseUrl!, XINYONG_ID_HASH_SECRET: 'cli-test' };
    try {
      const agency = run(['agency', 'add', '--code', 'samr-x', '--name', 'x', '--kind', 'market-regulation'], env);
      expect(agency.status).toBe(0);
      const file = join(tmp, 'big.ndjson');
      const n = 3000;
      writeFileSync(file, Array.from({ length: n }, (_, i) => JSON.stringify(penalty(10_000 + i, { code: i % 2 ? ORG_A : ORG_B }))).join('\n'));
      const child = spawn(process.execPath, [BIN, 'import', file, '--agency', agency.json.apiKey as string, '--batch', '50'], {
        env: { ...process.env, ...env },
        stdio: 'ignore',
      });
      const client = new pg.Client({ connectionString: loc.databaseUrl });
      await client.connect();
      // Wait until some batches are committed, then kill the importer without warning.
      for (let i = 0; i < 600; i++) {
        const r = await client.query<{ n: number }>('SELECT coalesce(max(records), 0)::int AS n FROM import_progress');
        if (r.rows[0]!.n >= 200) break;
        await new Promise((res) => setTimeout(res, 50));
      }
      child.kill('SIGKILL');
      await new Promise((res) => child.once('exit', res));
      const partial = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM credit_record')).rows[0]!.n;
      expect(partial).toBeGreaterThanOrEqual(200);
      expect(partial).toBeLessThan(n);
      const resumed = run(['import', file, '--agency', agency.json.apiKey as string, '--batch', '50'], env);
      expect(resumed.status).toBe(0);
      expect(resumed.json).toMatchObject({ created: n, duplicates: 0, complete: true });
      expect((await client.query<{ n: number }>('SELECT count(*)::int AS n FROM credit_record')).rows[0]!.n).toBe(n);
      await client.end();
      expect(run(['audit', 'verify'], env).status).toBe(0);
    } finally {
      await loc.cleanup();
    }
  });
});
