// An example receiver of xinyong's webhooks: it checks each delivery's signature (Standard
// Webhooks: v1, the base64 HMAC-SHA256 of "id.timestamp.body" under the secret's base64 part)
// in constant time and its timestamp (at most five minutes off), refuses anything else with 400,
// and takes each event id once (a retry or a replay of one it has is answered 200 and dropped).
//
//   XINYONG_WEBHOOK_SECRET=whsec_… PORT=9000 npx tsx examples/webhook-receiver.ts
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';

export const TOLERANCE_SECONDS = 300;

/** Why a delivery is refused, or null when its signature and timestamp hold. */
export function refusal(secret: string, headers: IncomingHttpHeaders, body: string, nowSeconds = Math.floor(Date.now() / 1000)): string | null {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return 'missing webhook headers';
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowSeconds - ts) > TOLERANCE_SECONDS) return 'timestamp too far from now';
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  // Several signatures may be sent, space-separated (a secret being rotated): one must match.
  for (const s of signatures.split(' ')) {
    const [version, value] = s.split(',');
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return null;
  }
  return 'no signature matches';
}

export interface Receiver {
  server: Server;
  url: string;
  /** The events taken, in order, each once. */
  events: unknown[];
  /** Answers refused, with why. */
  refused: string[];
  /** The status to answer the next deliveries with instead of taking them (an endpoint that is down). */
  failNext: number[];
  close(): Promise<void>;
}

export async function startReceiver(secret: string, port = 0, now: () => number = () => Math.floor(Date.now() / 1000)): Promise<Receiver> {
  const seen = new Set<string>();
  const r: Omit<Receiver, 'server' | 'url' | 'close'> = { events: [], refused: [], failNext: [] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const why = refusal(secret, req.headers, body, now());
      if (why) {
        r.refused.push(why);
        res.writeHead(400).end(why);
        return;
      }
      const fail = r.failNext.shift();
      if (fail) {
        res.writeHead(fail).end();
        return;
      }
      const id = req.headers['webhook-id'] as string;
      if (!seen.has(id)) {
        seen.add(id);
        r.events.push(JSON.parse(body));
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/hooks`;
  return Object.assign(r, { server, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const secret = process.env.XINYONG_WEBHOOK_SECRET;
  if (!secret) throw new Error('set XINYONG_WEBHOOK_SECRET to the subscription secret (whsec_…)');
  const receiver = await startReceiver(secret, Number(process.env.PORT ?? 9000));
  console.log(`receiving at ${receiver.url}`);
  setInterval(() => {
    while (receiver.events.length > 0) console.log(JSON.stringify(receiver.events.shift()));
  }, 500);
}
