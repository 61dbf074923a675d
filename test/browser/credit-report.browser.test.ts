// A borrower's credit report in a real browser (Debian's Chromium driven by playwright-core): a
// person known only to the furnished data logs in, obtains the own report at /me and sees its
// repayment grid (a late month in red), files an objection that marks the month at once, and
// adds a statement; in Chinese and English. Every page is checked with axe-core (no serious or
// critical findings) and saved as a screenshot in test-artifacts/screenshots.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ADMIN, addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { BORROWER, card, consent, keyOf, loan, statement } from '../support/furnishing.ts';

const CHROMIUM = process.env.XINYONG_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = resolve(import.meta.dirname, '../../test-artifacts/screenshots');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe('the credit report at /me in Chromium', () => {
  let t: TestPlatform;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await openTestPlatform('pglite', '2026-11-20T02:00:00Z');
    const p = t.platform;
    const bank = (await addAgency(p, 'bank-xihu', 'commercial-bank')).principal;
    const furnish = (month: string, lines: unknown[]) =>
      asActor({ type: 'agency', id: bank.code }, () =>
        p.furnishing.furnish(
          bank,
          month,
          lines.map((value, i) => ({ line: i + 1, value })),
        ),
      );
    await furnish('2026-08', [
      consent(BORROWER),
      loan('L-1'),
      card('C-1'),
      statement('L-1', '2026-08'),
      statement('C-1', '2026-08', { balance: 900, amountDue: 90, amountPaid: 90 }),
    ]);
    await furnish('2026-09', [
      { kind: 'notice', account: 'L-1', notifiedOn: '2026-09-20', method: 'sms' },
      statement('L-1', '2026-09', { daysPastDue: 12, status: '1', amountPaid: 0 }),
      statement('C-1', '2026-09', { balance: 900, amountDue: 90, amountPaid: 90 }),
    ]);
    await furnish('2026-10', [statement('L-1', '2026-10'), statement('C-1', '2026-10', { balance: 900, amountDue: 90, amountPaid: 90 })]);
    await asActor(ADMIN, () => p.accounts.create({ username: 'borrower-a', role: 'subject', subjectKey: keyOf(BORROWER), password: 'password of a' }));
    server = await startServer(p, { host: '127.0.0.1', port: 0, scheduler: false });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 }, bypassCSP: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await t?.close();
  });

  async function check(name: string): Promise<void> {
    await page.addScriptTag({ content: AXE });
    const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
      r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })))`)) as Array<{ id: string; impact: string; nodes: number }>;
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad, `${name}: ${JSON.stringify(bad)}`).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  it('logs the borrower in and shows the count before any report is obtained', async () => {
    await page.goto(`${server.url}/login`);
    await page.fill('#username', 'borrower-a');
    await page.fill('#password', 'password of a');
    await page.click('main form button');
    await page.waitForURL(/\/me$/);
    expect(await page.textContent('#credit-count')).toContain('尚余 2 次');
    await check('credit-me-before');
  });

  it('obtains the own report and shows its 24-month grid, the late month in red', async () => {
    await page.click('form[action="/me/credit-report"] button');
    await page.waitForURL(/\/me\?ok=credit-report/);
    expect(await page.textContent('#credit-count')).toContain('尚余 1 次');
    const grids = page.locator('table.grid');
    expect(await grids.count()).toBe(2);
    expect(await grids.first().locator('td[data-month]').count()).toBe(24);
    const late = page.locator('td[data-month="2026-09"].neg');
    expect(await late.count()).toBe(1);
    expect(await late.textContent()).toBe('1');
    expect(await page.textContent('article.credit-report')).toContain('1101');
    expect(await page.textContent('article.credit-report')).not.toContain(BORROWER);
    // The score as of today, its version, and the four reasons with what would change them.
    const score = page.locator('section.credit-score');
    const report = await t.platform.creditReports.report(keyOf(BORROWER), { asOf: '2026-11-20', months: 24 });
    if (!report.score?.scored) throw new Error('the borrower is scored');
    expect(await score.locator('h3').textContent()).toBe('个人信用评分');
    expect(await score.textContent()).toContain(`${report.score.score}`);
    expect(await score.textContent()).toContain('personal-credit-score@2026.1');
    const reasons = score.locator('table').first().locator('tbody tr');
    expect(await reasons.count()).toBe(4);
    expect(await reasons.first().textContent()).toContain(report.score.reasons[0]!.change.zh);
    await check('credit-report');
  });

  it('verifies the signed copy of the report by its code, for anyone', async () => {
    const code = (await page.textContent('#credit-signed code'))!.trim();
    const verify = page.locator('#credit-signed a', { hasText: '核验' });
    const href = (await verify.getAttribute('href'))!;
    const stranger = await browser.newPage({ bypassCSP: true });
    await stranger.goto(`${server.url}${href}`);
    expect(await stranger.textContent('[role="status"]')).toContain('核验通过');
    expect(await stranger.textContent('pre')).toContain(code);
    await stranger.close();
  });

  it('files an objection to the late month, adds a statement, and shows both on the next report, in English too', async () => {
    await page.fill('#co-furnisher', 'bank-xihu');
    await page.fill('#co-account', 'L-1');
    await page.fill('#co-month', '2026-09');
    await page.fill('#co-reason', '九月已按时还款，银行系统延迟入账');
    await page.click('form[action="/me/credit-objections"] button');
    await page.waitForURL(/\/me\?ok=credit-objection/);
    expect(await page.textContent('#credit')).toContain('2026-12-10');
    await page.fill('#cs-text', '本人九月的逾期系银行入账延迟所致。');
    await page.click('form[action="/me/credit-statement"] button');
    await page.waitForURL(/\/me\?ok=credit-statement/);
    await page.click('form[action="/me/credit-report"] button');
    await page.waitForURL(/\/me\?ok=credit-report/);
    expect(await page.textContent('td[data-month="2026-09"]')).toBe('1†');
    expect(await page.textContent('blockquote.credit-statement')).toBe('本人九月的逾期系银行入账延迟所致。');
    await page.goto(`${server.url}/me?lang=en`);
    expect(await page.textContent('#credit-heading')).toBe('My credit report');
    expect(await page.textContent('article.credit-report')).toContain('Repayment record (monthly)');
    expect(await page.textContent('article.credit-report')).toContain('awaiting the answer');
    expect(await page.textContent('section.credit-score')).toContain('What would change it');
    await check('credit-report-en');
  });
});
