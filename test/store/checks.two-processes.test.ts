// Two server processes on one PostgreSQL agree: a listing decided through one reaches the
// other's check index by NOTIFY, with no restart and no shared memory. The other polls only once
// an hour, so the change can reach it in this test by the notification alone; how long that takes
// is a latency, not something a test on a busy machine can hold to a figure.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, TEST_SECRET, type TestPlatform } from '../support/platform.ts';
import { ORG_A, registration } from '../support/records.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';

const BIN = resolve(import.meta.dirname, '../../bin/xinyong');

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

describe.runIf(STORES.includes('postgres'))('two server processes on one PostgreSQL', () => {
  let t: TestPlatform;
  let other: ChildProcess;
  let otherUrl: string;
  let samrKey: string;
  let court: AgencyPrincipal;

  beforeAll(async () => {
    t = await openTestPlatform('postgres', new Date().toISOString());
    court = (await addAgency(t.platform, 'court-xihu', 'court')).principal;
    samrKey = (await addAgency(t.platform, 'samr-hangzhou', 'market-regulation')).apiKey;
    await asActor({ type: 'agency', id: 'samr-hangzhou' }, async () => {
      const samr = await t.platform.agencies.authenticate(samrKey);
      await t.platform.intake.submit(samr, [{ line: 1, value: registration(ORG_A) }]);
    });
    const port = await freePort();
    otherUrl = `http://127.0.0.1:${port}`;
    other = spawn(process.execPath, [BIN, 'serve', '--port', String(port)], {
      env: {
        ...process.env,
        DATABASE_URL: t.location.databaseUrl!,
        XINYONG_ID_HASH_SECRET: TEST_SECRET,
        XINYONG_LOG_LEVEL: 'silent',
        XINYONG_FOLLOW_POLL_SECONDS: '3600',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    for (let i = 0; i < 200; i++) {
      try {
        if ((await fetch(`${otherUrl}/healthz`)).ok) break;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    other?.kill('SIGTERM');
    await new Promise((r) => (other ? other.once('exit', r) : r(null)));
    await t?.close();
  });

  const checkOnOther = async () => {
    const res = await fetch(`${otherUrl}/v1/checks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samrKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject: ORG_A, scenario: 'procurement-bid' }),
    });
    return (await res.json()) as { outcome: string };
  };

  it('sees a listing decided through the first, by notification', async () => {
    expect((await checkOnOther()).outcome).toBe('none');
    await asActor({ type: 'agency', id: 'court-xihu' }, async () => {
      await t.platform.intake.submit(court, [
        {
          line: 1,
          value: {
            item: 'judgment-defaulter',
            subject: { code: ORG_A, name: '杭州示例科技有限公司' },
            decision: { number: '(2026)浙0106执9号', date: t.platform.policy.localDate(new Date(Date.now() - 86_400_000)), authority: '法院', basis: '规定' },
            fields: {
              caseNumber: 'C9',
              executionBasis: 'B',
              basisIssuer: '法院',
              obligation: '付款',
              performance: 'not-performed',
              circumstances: ['able-but-refuses'],
              until: '2099-01-01',
            },
          },
        },
      ]);
      // The court's filed decision is the listing (SPC provisions art. 5): in force at once.
      const [e] = await t.platform.db.query<{ state: string }>('SELECT state FROM list_entry');
      expect(e!.state).toBe('in-force');
    });
    // Asked until it answers differently (the test's own time limit ends a wait that never does).
    let outcome = (await checkOnOther()).outcome;
    while (outcome !== 'prohibit') {
      await new Promise((r) => setTimeout(r, 20));
      outcome = (await checkOnOther()).outcome;
    }
    expect(outcome).toBe('prohibit');
  });
});
