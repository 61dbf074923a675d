// The portal in a real browser (Debian's Chromium driven by playwright-core): search and open a
// profile, switch language, log in, file an objection, download a report and verify it. Every
// page is checked with axe-core (no serious or critical findings) and saved as a screenshot in
// test-artifacts/screenshots.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { loadConfig } from '../../src/kernel/config.ts';
import { Platform } from '../../src/app/platform.ts';
import { FixedClock } from '../../src/kernel/clock.ts';
import { seed, seedOpeningInstant } from '../../src/app/seed/seed.ts';
import { createDemoAccounts } from '../../src/app/seed/credentials.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';

const CHROMIUM = process.env.XINYONG_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = resolve(import.meta.dirname, '../../test-artifacts/screenshots');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe('the portal in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xinyong-browser-'));
  let platform: Platform;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let samples: Awaited<ReturnType<typeof seed>>['samples'];
  let account: { username: string; password: string; subject: string | null };
  let accounts: Array<{ username: string; password: string; subject: string | null; role: string }>;
  const visited: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const clock = new FixedClock(seedOpeningInstant());
    platform = await Platform.open(loadConfig({ dataDir: dir, logLevel: 'silent', tickMinutes: 0 }, {}), { clock });
    const r = await seed(platform, clock, { subjects: 300, seed: 7, today: platform.policy.localDate(new Date()) });
    samples = r.samples;
    clock.set(new Date());
    await platform.evaluations.evaluateAll();
    accounts = await createDemoAccounts(platform, samples);
    account = accounts.find((a) => a.subject === samples.listed[0]) ?? accounts.find((a) => a.role === 'subject')!;
    server = await startServer(platform, { host: '127.0.0.1', port: 0, scheduler: false });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    // The report pages forbid scripts (CSP); the test injects axe all the same.
    page = await browser.newPage({ viewport: { width: 1200, height: 900 }, bypassCSP: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await platform?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs axe-core on the current page: no serious or critical violations; saves a screenshot. */
  async function check(name: string): Promise<void> {
    await page.addScriptTag({ content: AXE });
    // Runs in the page; written as a string because the test itself has no DOM types.
    const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
      r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })))`)) as Array<{ id: string; impact: string; nodes: number }>;
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad, `${name}: ${JSON.stringify(bad)}`).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    visited.push(name);
  }

  /** A fresh session for another demo account, through the login form. */
  async function logInAs(a: { username: string; password: string }): Promise<void> {
    await page.context().clearCookies();
    await page.goto(`${server.url}/login`);
    await page.fill('#username', a.username);
    await page.fill('#password', a.password);
    await page.click('main form button');
    await page.waitForURL(/\/me$/);
  }

  /** Opens a form's details, fills it, submits it and waits for the page to say it was taken. */
  async function submitForm(details: Locator, fields: Record<string, string>): Promise<void> {
    await details.locator('summary').click();
    for (const [selector, value] of Object.entries(fields)) await details.locator(selector).fill(value);
    await details.locator('button').click();
    await page.waitForURL(/\/me\?ok=/);
    expect(await page.textContent('[role="status"]')).toContain('已提交');
  }

  it('searches by name and opens a profile', async () => {
    await page.goto(`${server.url}/`);
    await check('home');
    const { name } = (await platform.db.query<{ name: string }>('SELECT name FROM subject WHERE subject_key = $1', [samples.listed[0]]))[0]!;
    await page.fill('#q', name.slice(0, Math.min(6, name.length)));
    await page.click('form.search button');
    await page.waitForURL(/\/search\?q=/);
    await check('search-results');
    await page.click(`a[href="/subjects/${samples.listed[0]}"]`);
    await page.waitForURL(new RegExp(`/subjects/${samples.listed[0]}`));
    expect(await page.textContent('h1')).toBe(name);
    await check('profile');
  });

  it('switches the language to English and back', async () => {
    await page.click('a[lang="en"]');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('header')).toContain('Public Credit Information Platform');
    await check('profile-en');
    await page.goto(`${server.url}/lists`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await check('lists-en');
    for (const [path, name] of [
      ['/', 'home-en'],
      ['/catalogue', 'catalogue-en'],
      ['/measures', 'measures-en'],
      ['/statistics', 'statistics-en'],
      ['/login', 'login-en'],
      ['/reports/verify', 'verify-en'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      expect(await page.getAttribute('html', 'lang'), path).toBe('en');
      await check(name);
    }
    await page.click('a[lang="zh-CN"]');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
  });

  it('shows the lists, catalogue, measures and statistics', async () => {
    for (const [path, name] of [
      ['/lists', 'lists'],
      ['/lists/dishonest-judgment-defaulters', 'list-court'],
      ['/catalogue', 'catalogue'],
      ['/measures', 'measures'],
      ['/statistics', 'statistics'],
    ] as const) {
      const res = await page.goto(`${server.url}${path}`);
      expect(res?.status(), path).toBe(200);
      await check(name);
    }
    // Four charts: decisions per year by category, list sizes, measures applied (from the demo
    // checks' feedback) and checks by outcome, in words rather than codes.
    expect(await page.locator('svg[role="img"]').count()).toBe(4);
    const main = (await page.textContent('main'))!;
    expect(main).toContain('行政处罚');
    expect(main).not.toContain('尚无反馈');
    expect(main).not.toContain('administrative-penalty');
  });

  it('refuses a wrong password, then logs in with a demo account', async () => {
    await page.goto(`${server.url}/login`);
    await check('login');
    await page.fill('#username', account.username);
    await page.fill('#password', 'not the password');
    await page.click('main form button');
    expect(await page.textContent('[role="alert"]')).toBeTruthy();
    await check('login-failed');
    await page.fill('#password', account.password);
    await page.click('main form button');
    await page.waitForURL(/\/me$/);
    // The evaluation history, as the platform recorded it for this subject.
    const history = await platform.evaluations.history(account.subject!, 50);
    expect(history.length).toBeGreaterThan(0);
    expect(await page.locator('h3', { hasText: '评价变化记录' }).count()).toBe(1);
    expect(await page.textContent('main')).toContain(history[0]!.version);
    await check('me');
    await page.goto(`${server.url}/me/access-log`);
    await check('access-log');
    await page.goto(`${server.url}/me/checks`);
    await check('checks-about-me');
  });

  it('files an objection from the page and shows it open', async () => {
    await page.goto(`${server.url}/me`);
    // A record's objection form (list entries have theirs too).
    const record = page.locator('section[aria-labelledby^="r-"]').first();
    const objection = record.locator('details', { has: page.locator('form[action="/me/objections"]') });
    await submitForm(objection, { 'textarea[name="reasons"]': '处罚决定所载事实与实际不符。', 'textarea[name="evidence"]': '情况说明\n现场照片' });
    expect(await page.textContent('main')).toContain('异议处理中');
    await check('me-after-objection');
  });

  it('applies for repair from the page with a signed commitment, and shows it pending', async () => {
    // Another demo account: a company with a record whose minimum publicity period has passed.
    await logInAs(accounts.find((a) => a.subject === samples.repairable[0])!);
    const repair = page.locator('details[data-repair-open="yes"]').first();
    await submitForm(repair, { 'textarea[name="evidence"]': '罚款缴纳凭证\n整改完成报告', 'input[name="signatory"]': '王五（法定代表人）' });
    expect(await page.textContent('main')).toContain('待审核');
    await check('me-after-repair');
    await logInAs(account); // back to the first account for the report
  });

  it('downloads a credit report and verifies it', async () => {
    // Issuing a report is a form posted with its CSRF token, not a link.
    await page.goto(`${server.url}/subjects/${account.subject}`);
    expect(await page.locator('a[href^="/reports/new"]').count()).toBe(0);
    await page.click('form[action="/reports/new"] button');
    await page.waitForURL(/\/v1\/reports\/.+\/html/);
    await check('report');
    const code = (await page.locator('[data-verification-code]').first().getAttribute('data-verification-code'))!;
    expect(code).toMatch(/^[A-Z0-9-]{10,}$/);
    // The page links its PDF: the download is the same report, the same code.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.actions a')]);
    expect(download.suggestedFilename()).toBe(`xinyong-report-${code}.pdf`);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.goto(`${server.url}/reports/verify?code=${encodeURIComponent(code)}`);
    expect(await page.textContent('[role="status"]')).toContain('核验通过');
    await check('report-verified');
    await page.goto(`${server.url}/reports/verify?code=XY-AAAA-BBBB-CCCC`);
    expect(await page.textContent('[role="alert"]')).toContain('没有以此核验码出具的报告');
    await check('report-unknown');
    // A page that does not exist, and a subject the platform does not hold.
    const missing = await page.goto(`${server.url}/no-such-page`);
    expect(missing?.status()).toBe(404);
    await check('not-found');
    const unknown = await page.goto(`${server.url}/subjects/91110000000000000A`);
    expect([400, 404]).toContain(unknown?.status());
    await check('subject-unknown');
  });

  it('checked every page it visited', () => {
    expect(visited.length).toBeGreaterThanOrEqual(25);
  });
});
