// The client a login throttle counts is the block of addresses one party holds: an IPv4 address
// itself, an IPv6 address's /64 (the least a home line or a host is given, so each of its 2^64
// addresses must not be a budget of its own), and an IPv4 address mapped into IPv6 (as a
// dual-stack socket reports an IPv4 peer) its IPv4 address, so that one party is one client
// however its address is written.
import { describe, expect, it } from 'vitest';
import { addressBlock } from '../../src/http/address-block.ts';

describe('addressBlock', () => {
  it('keeps an IPv4 address as it is', () => {
    expect(addressBlock('203.0.113.9')).toBe('203.0.113.9');
  });

  it('counts an IPv6 address by its /64, however the address is written', () => {
    for (const a of ['2001:db8:1:2::1', '2001:DB8:1:2:ffff:ffff:ffff:ffff', '2001:0db8:0001:0002:0000:0000:0000:0001', '2001:db8:1:2::', '2001:db8:1:2:0:0:1.2.3.4', '2001:db8:1:2::9%eth0']) {
      expect(addressBlock(a), a).toBe('2001:db8:1:2::/64');
    }
    expect(addressBlock('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(addressBlock('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressBlock('::1')).toBe('0:0:0:0::/64');
    expect(addressBlock('::')).toBe('0:0:0:0::/64');
  });

  it('reads an IPv4-mapped IPv6 address as its IPv4 address, dotted or in hex', () => {
    expect(addressBlock('::ffff:192.0.2.200')).toBe('192.0.2.200');
    expect(addressBlock('::FFFF:c000:2c8')).toBe('192.0.2.200');
    expect(addressBlock('0:0:0:0:0:ffff:192.0.2.200')).toBe('192.0.2.200');
    // Only ::ffff:0:0/96 is mapped; NAT64 (64:ff9b::/96) is an IPv6 block like any other.
    expect(addressBlock('64:ff9b::192.0.2.200')).toBe('64:ff9b:0:0::/64');
  });

  it('leaves a client that is not an address unchanged', () => {
    expect(addressBlock('in-process')).toBe('in-process');
    expect(addressBlock('')).toBe('');
  });
});
