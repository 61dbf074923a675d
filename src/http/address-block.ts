// The block of addresses one party holds, as a throttle counts a client: an IPv4 address is one
// client, an IPv6 address counts as its /64 (a home line or a cloud host is given a whole /64, so
// counting each address would give one party 2^64 budgets), and an IPv4 address mapped into IPv6
// (::ffff:a.b.c.d, as a dual-stack socket reports an IPv4 peer) is its IPv4 address.
import { isIPv4, isIPv6 } from 'node:net';

/** The block of an address (`203.0.113.9`, `2001:db8:1:2::/64`); anything that is not an address, unchanged. */
export function addressBlock(address: string): string {
  if (isIPv4(address)) return address;
  const bare = address.split('%')[0]!; // a zone (fe80::1%eth0) names an interface, not a party
  if (!isIPv6(bare)) return address;
  const g = ipv6Groups(bare);
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff].join('.');
  return `${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, `::` expanded and a dotted IPv4 tail read as two groups. */
function ipv6Groups(address: string): number[] {
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  const text = tail
    ? `${address.slice(0, tail.index)}${((Number(tail[1]) << 8) | Number(tail[2])).toString(16)}:${((Number(tail[3]) << 8) | Number(tail[4])).toString(16)}`
    : address;
  const [head, rest] = text.split('::') as [string, string | undefined];
  const before = head === '' ? [] : head.split(':');
  const after = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = rest === undefined ? [] : Array<string>(8 - before.length - after.length).fill('0');
  return [...before, ...zeros, ...after].map((x) => parseInt(x, 16));
}
