// The project's own hostile test, on both stores: thousands of generated hostile requests against
// every operation of the live OpenAPI document and every other route of the server (the portal's
// pages and forms, the documents), each made from a valid request by mutating its path, query,
// body, content type, headers, cookies, CSRF token or method, and sent with each kind of
// credential (none, an agency's key, a subject's session, an administrator's, a wrong one).
//
// Bad input gets a clear problem and changes nothing, never a 500:
// - no response has a status of 500 or more (or no response at all);
// - every 4xx of the API (/v1/) is an RFC 9457 problem document whose type is under /problems/;
// - a refused write (4xx, or a form sent back with an error) and any read leave the ledger as it
//   was: the requests go one at a time and the ledger head is read before and after each.
//
// Three passes: the valid request of every route with every credential (which credentials reach
// the route's code); with such a credential, every kept hostile value of every path and query
// parameter, of every body field whose parsing can fail (dates, instants, identifiers, numbers)
// and of every form field, and every broken NDJSON batch; then mutations drawn at random, one or
// two per request. The run is reproducible: the seed is printed (XINYONG_FUZZ_SEED sets it),
// XINYONG_FUZZ_COUNT sets the number of requests per store, XINYONG_FUZZ_VERBOSE=1 prints each.
// A failure names each class once (check, status, what was mutated, the error and where it was
// thrown) with the routes it was met on and a curl line that sends it again. The statuses per
// operation and credential are printed, so that it shows the requests reach the code behind
// authorisation, not only 401 and 404.
import { subscribe } from 'node:diagnostics_channel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_STORES } from '../support/stores.ts';
import { openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { startServer, type RunningServer } from '../../src/app/http/server.ts';
import { Rng, fuzzCount, fuzzSeed } from '../support/fuzz-values.ts';
import { FuzzClient, curlOf, type WireResponse } from '../support/fuzz-http.ts';
import { WRITING, apiTargets, otherTargets, pickTarget, routesOfTree, type OpenApi, type Target } from '../support/fuzz-targets.ts';
import { CRED_KINDS, baseline, render, type CredKind, type Draft } from '../support/fuzz-requests.ts';
import { mutate } from '../support/fuzz-mutators.ts';
import { sweep } from '../support/fuzz-sweep.ts';
import { FuzzReport, type Check } from '../support/fuzz-report.ts';
import { PAGE_QUERIES, endsSessions, seedWorld, type FuzzWorld } from '../support/fuzz-world.ts';

/**
 * A read the law makes a query to record: the subject obtaining its own credit report is an
 * inquiry (本人查询, Regulation arts. 17-18), recorded in the ledger before the report is answered.
 */
function recordsItsQuery(method: string, target: string): boolean {
  return method === 'GET' && /^\/v1\/me\/credit-report(\?|$)/.test(target);
}

const SEED = fuzzSeed();
const COUNT = fuzzCount(5000);
/** A bound on a run that hangs, not a measure of speed: a machine busy with other work takes several times longer. */
const FUZZ_TIMEOUT_MS = 20 * 60_000;
/** XINYONG_FUZZ_VERBOSE=1 prints every request with its status and the start of its answer. */
const VERBOSE = process.env.XINYONG_FUZZ_VERBOSE === '1';

// Errors thrown by route handlers, by request id: a 500 names the error and where it was thrown.
const thrown = new Map<string, Error>();
subscribe('tracing:fastify.request.handler:error', (message) => {
  const m = message as { error?: Error; request?: { id?: string } };
  if (m.error && m.request?.id) thrown.set(m.request.id, m.error);
});

/** The error's message and the first frame of ours that threw it. */
function whereThrown(err: Error | undefined): string {
  if (!err) return 'no handler error recorded (thrown outside a route handler)';
  const frame = (err.stack ?? '')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.includes('/src/'));
  const at = frame ? ` at ${frame.replace(/^at /, '').replace(/\(?\S*?\/(src\/[^:)]+:\d+):\d+\)?/, '$1')}` : '';
  return `${err.name}: ${(err.message ?? '').split('\n')[0]!.slice(0, 200)}${at}`;
}

/** What a response that is not a problem document says: its code when it has one (Fastify's own errors do), else its start. */
function notProblem(body: string): string {
  try {
    const j = JSON.parse(body) as { code?: unknown; message?: unknown };
    if (typeof j.code === 'string') return `code ${j.code}`;
    if (typeof j.message === 'string') return `message ${JSON.stringify(j.message.slice(0, 80))}`;
  } catch {
    // not JSON: its start says what it is
  }
  return body.slice(0, 160);
}

/** Pages are the portal's: everything outside the API, the documents and the problem catalogue. */
const isPage = (path: string) => !/^\/(v1\/|docs|openapi\.json|healthz)/.test(path);

describe.each(ALL_STORES)('hostile requests on %s', (store) => {
  let t: TestPlatform;
  let server: RunningServer;
  let client: FuzzClient;
  let world: FuzzWorld;
  let targets: Target[];
  const report = new FuzzReport();

  beforeAll(async () => {
    t = await openTestPlatform(store, '2026-11-20T02:00:00Z');
    server = await startServer(t.platform, { host: '127.0.0.1', port: 0, scheduler: false });
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as OpenApi;
    const api = apiTargets(doc);
    targets = [...api, ...otherTargets(routesOfTree(server.app.printRoutes({ commonPrefix: false })), api, isPage, PAGE_QUERIES)];
    const login = await fetch(`${server.url}/login`);
    const preCsrf = decodeURIComponent(/xy_csrf=([^;]+)/.exec(login.headers.getSetCookie().join('\n'))![1]!);
    world = await seedWorld(t, doc, preCsrf);
    client = new FuzzClient(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  const spent = { requests: 0, ledger: 0 };
  const head = async () => {
    const t0 = performance.now();
    const rows = await t.platform.db.query<{ head: unknown }>('SELECT string_agg(size::text, \',\' ORDER BY log) AS head FROM ledger_log');
    spent.ledger += performance.now() - t0;
    return String(rows[0]?.head ?? '');
  };

  function problemOf(res: WireResponse): { type?: unknown; detail?: unknown } | null {
    if (!/^application\/problem\+json/.test(String(res.headers['content-type'] ?? ''))) return null;
    try {
      return JSON.parse(res.body.toString('utf8')) as { type?: unknown; detail?: unknown };
    } catch {
      return null;
    }
  }

  let sent = 0;
  /** Sends one request, alone, and checks what it did. */
  async function run(d: Draft): Promise<WireResponse> {
    if (endsSessions(d.target)) await world.refreshSessions();
    sent += 1;
    const wire = render(d, `fz-${store}-${sent}`);
    const before = await head();
    const t0 = performance.now();
    const res = await client.send(wire);
    report.took(d.target, performance.now() - t0);
    spent.requests += performance.now() - t0;
    const after = await head();
    const location = typeof res.headers.location === 'string' ? res.headers.location : undefined;
    report.saw(d.target, d.cred, res.status, location);
    const mutation = d.labels.join(' + ') || 'none';
    const fail = (check: Check, signature: string) =>
      report.fail({ check, target: d.target, mutation: `${mutation} (as ${d.cred})`, status: res.status, signature, curl: curlOf(server.url, wire) });
    if (res.status === -1) throw new Error(`the generator made a request node:http cannot send (${mutation}): ${res.error}`);
    const problem = problemOf(res);
    if (res.status === 0) fail('no-response', res.error ?? 'connection closed');
    else if (res.status >= 500) {
      const id = String(res.headers['x-request-id'] ?? '');
      fail('server-error', `${whereThrown(thrown.get(id))}${problem ? ` [${String(problem.type)}: ${String(problem.detail).slice(0, 120)}]` : ''}`);
      thrown.delete(id);
    } else if (res.status >= 400 && d.target.kind === 'api' && wire.target.startsWith('/v1/')) {
      const type = String(res.headers['content-type'] ?? '(none)');
      if (
        d.method === 'HEAD'
          ? !type.startsWith('application/problem+json')
          : !problem || typeof problem.type !== 'string' || !problem.type.startsWith('/problems/')
      ) {
        fail('not-a-problem', `content-type ${type.split(';')[0]}: ${notProblem(res.body.toString('utf8'))}`);
      }
    } else if (res.status < 300 && /ndjson/.test(String(res.headers['content-type'] ?? ''))) {
      // A batch answers line by line: a line that failed inside the platform is a 500 in the stream.
      const failed = res.body
        .toString('utf8')
        .split('\n')
        .find((l) => l.includes('/problems/internal-error'));
      if (failed) fail('server-error', `a line of the NDJSON answer: ${failed.slice(0, 200)}`);
    }
    if (VERBOSE)
      console.log(
        `${sent} ${res.status} ${d.cred} ${wire.method} ${wire.target.slice(0, 120)} ${mutation} ${location ? `→ ${location} ` : ''}${res.body.toString('utf8').slice(0, 200)}`,
      );
    const refused = res.status >= 400 || (res.status >= 300 && res.status < 400 && (location === '/login' || /[?&]error=/.test(location ?? '')));
    if (before !== after && res.status > 0 && (refused || (!WRITING.has(d.method) && !recordsItsQuery(d.method, wire.target)))) {
      fail('ledger-changed', `the ledger head moved from ${before} to ${after} on a ${refused ? `refused ${d.method}` : d.method}`);
    }
    return res;
  }

  it(
    `answers at least ${COUNT} hostile requests with no 5xx, a problem for every refusal of the API, and no ledger change by a refused write or a read`,
    async () => {
      const rng = new Rng(SEED);
      const started = Date.now();
      const cpu = process.cpuUsage();
      // First the valid request of every route with every credential (up to three valid requests,
      // whose values vary, until one is accepted): the credentials that reach the route's code are
      // the ones the other requests use most.
      const through = new Map<string, CredKind[]>();
      const pastTheDoor = new Map<string, CredKind[]>();
      for (const target of targets) {
        for (const cred of CRED_KINDS) {
          for (let attempt = 0; attempt < 3; attempt++) {
            const d = baseline(world, target, cred, rng);
            d.labels.push('none');
            const res = await run(d);
            const location = typeof res.headers.location === 'string' ? res.headers.location : '';
            const turnedAway = res.status === 401 || res.status === 403 || (res.status === 303 && location === '/login');
            if (!turnedAway) pastTheDoor.set(target.key, [...new Set([...(pastTheDoor.get(target.key) ?? []), cred])]);
            if (res.status < 400 && !turnedAway) {
              through.set(target.key, [...(through.get(target.key) ?? []), cred]);
              break;
            }
          }
        }
      }
      const reaching = (x: Target): CredKind[] => through.get(x.key) ?? pastTheDoor.get(x.key) ?? [];
      // Then every kept hostile value of every parameter, with the first credential that reaches
      // the code: at most half of what is left, the rest for the random pass.
      const swept = sent;
      const plans = sweep(world, targets, (x) => reaching(x)[0] ?? 'none', rng);
      for (const plan of plans.slice(0, Math.floor((COUNT - sent) / 2))) await run(plan());
      const systematic = sent - swept;
      // Then mutations drawn at random, favouring the credentials that reach each route's code.
      while (sent < COUNT) {
        const target = pickTarget(rng, targets);
        const good = reaching(target);
        const cred = good.length > 0 && rng.chance(0.6) ? rng.pick(good) : rng.pick(CRED_KINDS);
        await run(mutate(baseline(world, target, cred, rng), rng, world));
        if (sent % 500 === 0) expect(await world.sessionsAlive(), 'a long-lived session of the fuzzer was ended by a request').toBe(true);
      }
      const probed = `${swept} valid, ${systematic} systematic of ${plans.length} planned, ${sent - swept - systematic} random`;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const used = process.cpuUsage(cpu);
      const cpuSeconds = ((used.user + used.system) / 1e6).toFixed(1);
      console.log(
        `fuzz on ${store}: seed ${SEED} (XINYONG_FUZZ_SEED=${SEED} XINYONG_FUZZ_COUNT=${COUNT} to run it again), ${report.sent} requests (${probed}) to ${targets.length} routes in ${seconds} s (${cpuSeconds} s of CPU in this process) ` +
          `(${(spent.requests / 1000).toFixed(1)} s waiting for answers, ${(spent.ledger / 1000).toFixed(1)} s reading the ledger head), ${report.failed} failed\n` +
          report.statusTable(),
      );
      const text = report.failureText();
      if (text) console.log(`fuzz failures on ${store} (seed ${SEED}):\n${text}`);
      expect(report.failed, `seed ${SEED}: ${report.failed} of ${report.sent} hostile requests failed, in ${report.groups().length} classes:\n${text}`).toBe(0);
    },
    FUZZ_TIMEOUT_MS,
  );

  it('reached every route, and the code behind authorisation of every operation of the API', () => {
    // Without this the fuzz test could pass by being turned away at the door everywhere.
    expect(report.sent).toBeGreaterThanOrEqual(COUNT);
    const missed = targets.filter((x) => report.count(x.key) === 0).map((x) => x.key);
    expect(missed, 'routes no request reached').toEqual([]);
    const shut = targets.filter((x) => x.kind === 'api' && report.through(x.key).through === 0).map((x) => x.key);
    expect(shut, 'operations where every request was turned away (401/403)').toEqual([]);
  });
});
