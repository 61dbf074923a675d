// The load generator for the HTTP benchmarks, run in its own process: autocannon against one
// route, printing {rps, p99, errors, generatorCpu, bytesPerResponse} as JSON. Check requests rotate over the subjects' codes.
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
      path: mode === 'check' ? '/v1/checks' : `/bench/${mode}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      setupRequest: (req: Request) => {
        i++;
        return { ...req, body: JSON.stringify({ subject: codes[(i * 7919) % codes.length], scenario: scenarios[i % scenarios.length] }) };
      },
    } as Request,
  ],
});
const cpu0 = process.cpuUsage();
const r = await done;
const used = process.cpuUsage(cpu0);
process.stdout.write(
  JSON.stringify({
    rps: r.requests.average,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx,
    // Whether the generator itself was the limit, and how big the answers were.
    generatorCpu: (used.user + used.system) / 1e6 / Number(seconds),
    bytesPerResponse: r.throughput.average / Math.max(1, r.requests.average),
  }),
);
