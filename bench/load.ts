// The load generator for the HTTP benchmarks, run in its own process: autocannon against one
// route, printing {rps, p99, errors} as JSON. Check requests rotate over the subjects' codes.
import { readFileSync } from 'node:fs';
import autocannon, { type Request } from 'autocannon';

const [url, mode, token, codesFile, seconds] = process.argv.slice(2) as [string, string, string, string, string];
const codes = JSON.parse(readFileSync(codesFile, 'utf8')) as string[];
const scenarios = ['procurement-bid', 'licence-application', 'subsidy-application', 'inspection-planning'];
let i = 0;

const done = autocannon({
  url,
  connections: Number(process.env.BENCH_CONNECTIONS ?? 128),
  duration: Number(seconds),
  requests: [
    {
      method: 'POST',
      path: mode === 'bare' ? '/bench/bare' : '/v1/checks',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      setupRequest: (req: Request) => {
        i++;
        return { ...req, body: JSON.stringify({ subject: codes[(i * 7919) % codes.length], scenario: scenarios[i % scenarios.length] }) };
      },
    } as Request,
  ],
});
const r = await done;
process.stdout.write(JSON.stringify({ rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx }));
