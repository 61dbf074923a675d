// PostgreSQL's hash of a text value, hashtext(), in TypeScript: Bob Jenkins's lookup3 hash over
// the value's UTF-8 bytes (hash_bytes in PostgreSQL's src/common/hashfn.c), as a little-endian
// server computes it, which is every server this platform runs on. Citus places a row of a table
// distributed by a text column in the shard whose hash range holds hashtext of the column (under a
// deterministic collation, the default), so the platform knows a subject's shard without asking.

const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));

/** hashtext(value) as PostgreSQL answers it: a signed 32-bit integer. */
export function hashtext(value: string): number {
  return hashBytes(Buffer.from(value, 'utf8'));
}

/** hash_bytes(k, len) of PostgreSQL, as a signed 32-bit integer. */
export function hashBytes(k: Uint8Array): number {
  let len = k.length;
  let a = (0x9e3779b9 + len + 3923095) | 0;
  let b = a;
  let c = a;
  let at = 0;
  const word = (i: number) => k[i]! | (k[i + 1]! << 8) | (k[i + 2]! << 16) | (k[i + 3]! << 24);
  while (len >= 12) {
    a = (a + word(at)) | 0;
    b = (b + word(at + 4)) | 0;
    c = (c + word(at + 8)) | 0;
    // mix(a, b, c)
    a = (a - c) | 0;
    a ^= rotl(c, 4);
    c = (c + b) | 0;
    b = (b - a) | 0;
    b ^= rotl(a, 6);
    a = (a + c) | 0;
    c = (c - b) | 0;
    c ^= rotl(b, 8);
    b = (b + a) | 0;
    a = (a - c) | 0;
    a ^= rotl(c, 16);
    c = (c + b) | 0;
    b = (b - a) | 0;
    b ^= rotl(a, 19);
    a = (a + c) | 0;
    c = (c - b) | 0;
    c ^= rotl(b, 4);
    b = (b + a) | 0;
    at += 12;
    len -= 12;
  }
  // The last 11 bytes, little-endian into a, b and c (the lowest byte of c is reserved for the
  // length): hash_bytes's switch, whose cases fall through, as a sum of the bytes present.
  if (len >= 11) c = (c + (k[at + 10]! << 24)) | 0;
  if (len >= 10) c = (c + (k[at + 9]! << 16)) | 0;
  if (len >= 9) c = (c + (k[at + 8]! << 8)) | 0;
  if (len >= 8) b = (b + (k[at + 7]! << 24)) | 0;
  if (len >= 7) b = (b + (k[at + 6]! << 16)) | 0;
  if (len >= 6) b = (b + (k[at + 5]! << 8)) | 0;
  if (len >= 5) b = (b + k[at + 4]!) | 0;
  if (len >= 4) a = (a + (k[at + 3]! << 24)) | 0;
  if (len >= 3) a = (a + (k[at + 2]! << 16)) | 0;
  if (len >= 2) a = (a + (k[at + 1]! << 8)) | 0;
  if (len >= 1) a = (a + k[at]!) | 0;
  // final(a, b, c)
  c ^= b;
  c = (c - rotl(b, 14)) | 0;
  a ^= c;
  a = (a - rotl(c, 11)) | 0;
  b ^= a;
  b = (b - rotl(a, 25)) | 0;
  c ^= b;
  c = (c - rotl(b, 16)) | 0;
  a ^= c;
  a = (a - rotl(c, 4)) | 0;
  b ^= a;
  b = (b - rotl(a, 14)) | 0;
  c ^= b;
  c = (c - rotl(b, 24)) | 0;
  return c | 0;
}
