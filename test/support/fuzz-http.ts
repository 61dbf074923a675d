// The fuzz test's HTTP client: node:http with the request line and headers exactly as generated
// (fetch would normalise the path, resolve ../ and %2e%2e, and refuse some headers), duplicate
// headers allowed, a connection of its own for each request (a request the HTTP parser refuses
// closes its connection, which must not fail the next one). Also the encoders that put hostile
// text on the wire, and the curl line that sends a request again.
import http from 'node:http';

export interface WireRequest {
  method: string;
  /** The request target as sent: path and query, already encoded. */
  target: string;
  /** Header pairs in order; a name may repeat. Host and Content-Length are added when absent. */
  headers: Array<[string, string]>;
  body?: Buffer;
}

export interface WireResponse {
  /** 0 when no response came (the connection failed or was closed). */
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  error?: string;
}

export class FuzzClient {
  private readonly url: URL;

  constructor(base: string) {
    this.url = new URL(base);
  }

  send(req: WireRequest): Promise<WireResponse> {
    const headers = [...req.headers];
    if (!headers.some(([k]) => k.toLowerCase() === 'host')) headers.unshift(['host', this.url.host]);
    if (req.body !== undefined && !headers.some(([k]) => ['content-length', 'transfer-encoding'].includes(k.toLowerCase()))) {
      headers.push(['content-length', String(req.body.length)]);
    }
    return new Promise((resolve) => {
      let settled = false;
      const done = (r: WireResponse) => {
        if (settled) return;
        settled = true;
        resolve(r);
      };
      let request: http.ClientRequest;
      try {
        request = http.request(
          {
            host: this.url.hostname,
            port: this.url.port,
            method: req.method,
            path: req.target,
            headers: headers.flat(),
            agent: false,
            setHost: false,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
            res.on('error', (err) => done({ status: 0, headers: {}, body: Buffer.alloc(0), error: err.message }));
          },
        );
      } catch (err) {
        // node:http refused to send it: a bug of the generator, not of the server.
        done({ status: -1, headers: {}, body: Buffer.alloc(0), error: (err as Error).message });
        return;
      }
      request.setTimeout(60_000, () => request.destroy(new Error('no response within 60 s')));
      request.on('error', (err) => done({ status: 0, headers: {}, body: Buffer.alloc(0), error: err.message }));
      request.end(req.body);
    });
  }
}

/** The UTF-8 bytes of a string; a lone surrogate is encoded as its three bytes (WTF-8), not replaced. */
export function wtf8(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}

const hex = (b: number) => '%' + b.toString(16).toUpperCase().padStart(2, '0');

/**
 * Text for a path segment or a query value. 'encoded': every byte but the unreserved ones
 * percent-encoded (what a careful client sends). 'raw': only what cannot go on the wire at all
 * (controls, space) is encoded; '/', '?', '#', '%', '.' and bytes above 0x7f go as they are, so
 * traversal, a stray '%' and unencoded UTF-8 reach the server.
 */
export function encodeText(s: string, mode: 'encoded' | 'raw'): string {
  let out = '';
  for (const b of wtf8(s)) {
    if (mode === 'encoded') out += /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : hex(b);
    else out += b <= 0x20 || b === 0x7f ? hex(b) : String.fromCharCode(b);
  }
  return out;
}

/** A header value node:http will send: the text's UTF-8 bytes as they are, controls other than tab percent-encoded. */
export function headerText(s: string): string {
  let out = '';
  for (const b of wtf8(s)) out += (b < 0x20 && b !== 0x09) || b === 0x7f ? hex(b) : String.fromCharCode(b);
  return out;
}

/** Bash $'…' quoting of bytes; a long run of one printable byte is written as a command that repeats it. */
function shellBytes(bytes: Iterable<number>): string {
  const all = [...bytes];
  let out = '';
  let quoted = '';
  const flush = () => {
    if (quoted) out += `$'${quoted}'`;
    quoted = '';
  };
  for (let i = 0; i < all.length;) {
    const b = all[i]!;
    let run = 1;
    while (i + run < all.length && all[i + run] === b) run++;
    if (run >= 40 && b > 0x20 && b < 0x7f && b !== 0x27 && b !== 0x5c && b !== 0x22 && b !== 0x24 && b !== 0x60) {
      flush();
      out += `"$(head -c ${run} /dev/zero | tr '\\0' '${String.fromCharCode(b)}')"`;
      i += run;
      continue;
    }
    if (b === 0x27) quoted += "\\'";
    else if (b === 0x5c) quoted += '\\\\';
    else if (b >= 0x20 && b < 0x7f) quoted += String.fromCharCode(b);
    else quoted += '\\x' + b.toString(16).padStart(2, '0');
    i += 1;
  }
  flush();
  return out || "''";
}

/** A curl command that sends the request again (a body or header too long to read is described, not inlined). */
export function curlOf(base: string, req: WireRequest, max = 2000): string {
  const parts = ['curl -sS -i --path-as-is', '-X', req.method, shellBytes(Buffer.from(base + req.target, 'latin1'))];
  for (const [k, v] of req.headers) {
    const line = shellBytes(Buffer.from(`${k}: ${v}`, 'latin1'));
    parts.push('-H', line.length > max ? `"${k}: <${v.length} bytes: ${JSON.stringify(v.slice(0, 60))}…>"` : line);
  }
  if (req.body !== undefined) {
    const body = shellBytes(req.body);
    if (body.length <= max) parts.push('--data-binary', body);
    else parts.push(`--data-binary @body  # ${req.body.length} bytes, starting ${JSON.stringify(req.body.subarray(0, 120).toString('utf8'))}`);
  }
  return parts.join(' ');
}
