// The demo as a newcomer meets it: `xinyong demo` seeds an empty directory through the real
// intake, serves it, and the credentials it prints work against the API: agencies' keys, the
// lenders' keys with the sample borrowers' authorisations, and subject accounts.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { DemoCredentials } from '../../src/app/seed/credentials.ts';
import { openDatabase } from '../../src/store/open.ts';
import { ledgerRows } from '../support/ledger-rows.ts';

const BIN = resolve(import.meta.dirname, '../../bin/xinyong');
const dir = mkdtempSync(join(tmpdir(), 'xinyong-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

describe('xinyong demo', () => {
  it('seeds, serves, and hands out credentials that work', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, 'demo', '--data', dir, '--subjects', '400', '--port', String(port)], {
      env: { ...process.env, XINYONG_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    try {
      const url = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 2400 && !stderr.includes('xinyong demo is running'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(stderr).toContain(`xinyong demo is running at ${url}`);
      expect(stderr).toContain(`${url}/docs`);
      expect(stderr).toContain(`${url}/v1/credit-inquiries`);
      const creds = JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8')) as DemoCredentials;
      expect(creds.baseUrl).toBe(url);
      expect(creds.agencies.length).toBeGreaterThan(10);
      for (const kind of ['listed', 'clean', 'government', 'redlisted', 'repairable'] as const) expect(creds.samples[kind].length, kind).toBeGreaterThan(0);

      // A listed sample has a public profile with negative records.
      const profile = (await (await fetch(`${url}/v1/subjects/${creds.samples.listed[0]}`)).json()) as { records: unknown[] };
      expect(profile.records.length).toBeGreaterThan(0);
      // An agency key runs a check; a subject account logs in and sees itself.
      const agency = creds.agencies.find((a) => a.items.includes('administrative-penalty-general'))!;
      const check = await fetch(`${url}/v1/checks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${agency.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ subject: creds.samples.listed[0], scenario: 'procurement-bid' }),
      });
      expect(check.status).toBe(200);
      const account = creds.accounts.find((a) => a.role === 'subject')!;
      const login = (await (
        await fetch(`${url}/v1/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: account.username, password: account.password }),
        })
      ).json()) as { token: string };
      const me = (await (await fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${login.token}` } })).json()) as { subject: { code: string } };
      expect(me.subject.code).toBe(account.subject);
      // Lists have entries decided through the real workflow.
      const lists = (await (await fetch(`${url}/v1/lists`)).json()) as { lists: Array<{ inForce: number }> };
      expect(lists.lists.reduce((n: number, l: { inForce: number }) => n + l.inForce, 0)).toBeGreaterThan(0);

      // Lenders and sample borrowers (the contract's shapes): a sample's lender gets the report with
      // the sample authorisation, and is refused without one (Regulation art. 18).
      expect(creds.lenders.map((l) => l.code).sort()).toEqual(['demo-bank', 'demo-consumer-finance', 'demo-small-loan']);
      for (const l of creds.lenders) expect(Object.keys(l).sort()).toEqual(['apiKey', 'code', 'name']);
      const borrowers = creds.samples.borrowers;
      expect(borrowers.map((b) => b.story).sort()).toEqual(['always-current', 'enterprise', 'expired-adverse', 'guarantor', 'late-and-cured', 'written-off']);
      expect(new Set(borrowers.map((b) => b.subject)).size).toBe(borrowers.length);
      const inquire = (b: (typeof borrowers)[number], body: Record<string, unknown>) =>
        fetch(`${url}/v1/credit-inquiries`, {
          method: 'POST',
          headers: { authorization: `Bearer ${creds.lenders.find((l) => l.code === b.lender)!.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      for (const b of borrowers) {
        expect(Object.keys(b)).toEqual(expect.arrayContaining(['subject', 'lender', 'consent', 'purpose']));
        const answer = await inquire(b, { subject: b.subject, purpose: b.purpose, consent: b.consent });
        expect(answer.status, b.story).toBe(201);
        const { report } = (await answer.json()) as { report: { accounts: Array<{ accounts: unknown[] }>; guarantees: unknown[]; inquiries: unknown[] } };
        expect(report.accounts.flatMap((g) => g.accounts).length + report.guarantees.length, b.story).toBeGreaterThan(0);
        // The past inquiries of other lenders and this one are on record.
        expect(report.inquiries.length, b.story).toBeGreaterThanOrEqual(3);
      }
      const refused = await inquire(borrowers[0]!, { subject: borrowers[0]!.subject, purpose: 'loan-approval' });
      expect(refused.status).toBe(403);
      // A sample borrower logs in and sees their own report, with the inquiries.
      const person = creds.accounts.find((a) => a.username === 'demo-borrower-1')!;
      expect(person.subject).toBe(borrowers.find((b) => b.story === 'late-and-cured')!.subject);
      const session = (await (
        await fetch(`${url}/v1/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: person.username, password: person.password }),
        })
      ).json()) as { token: string };
      const own = await fetch(`${url}/v1/me/credit-report`, { headers: { authorization: `Bearer ${session.token}` } });
      expect(own.status).toBe(200);
      const mine = (await own.json()) as { report: { inquiries: unknown[]; accounts: Array<{ accounts: unknown[] }> } };
      expect(mine.report.accounts.flatMap((g) => g.accounts).length).toBeGreaterThan(0);
      expect(mine.report.inquiries.length).toBeGreaterThanOrEqual(3);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }, 300_000);

  it('serves the seeded directory again without seeding twice', async () => {
    const before = readFileSync(join(dir, 'demo-credentials.json'), 'utf8');
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, 'demo', '--data', dir, '--port', String(port)], {
      env: { ...process.env, XINYONG_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    try {
      for (let i = 0; i < 600 && !stderr.includes('is running'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(stderr).not.toContain('seeding');
      const after = JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8')) as DemoCredentials;
      expect(after.agencies).toEqual((JSON.parse(before) as DemoCredentials).agencies);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });

  it('records the seeded history forward in time, over the five years it spans', async () => {
    const db = await openDatabase({ dataDir: dir });
    try {
      const rows = await ledgerRows(db);
      // Each log's events are recorded in order of time.
      const decreasing = rows.filter((r, i) => i > 0 && rows[i - 1]!.log === r.log && r.recorded_at.getTime() < rows[i - 1]!.recorded_at.getTime());
      expect(decreasing).toEqual([]);
      const filed = rows.filter((r) => r.type === 'record.filed').map((r) => r.recorded_at.getTime());
      const first = filed.reduce((a, b) => Math.min(a, b), Infinity);
      const last = filed.reduce((a, b) => Math.max(a, b), -Infinity);
      expect(last - first).toBeGreaterThan(4.5 * 365 * 86_400_000);
      const fourYearsAgo = new Date();
      fourYearsAgo.setUTCFullYear(fourYearsAgo.getUTCFullYear() - 4);
      expect(filed.filter((at) => at < fourYearsAgo.getTime()).length).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });
});
