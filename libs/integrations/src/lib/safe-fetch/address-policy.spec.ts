import { AddressCategory, judgeAddress } from './address-policy';

type Row = [address: string, category: AddressCategory, allowedWithLoopback?: boolean];

// Every refused row names its category; "public" rows must pass with and without allowLoopback.
const TABLE: Row[] = [
  ['93.184.216.34', 'public'],
  ['8.8.8.8', 'public'],
  ['1.1.1.1', 'public'],
  ['2606:4700:4700::1111', 'public'],
  ['2a00:1450:4001:80b::200e', 'public'],
  ['127.0.0.1', 'loopback', true],
  ['127.255.255.254', 'loopback', true],
  ['::1', 'loopback', true],
  ['::ffff:127.0.0.1', 'loopback', true],
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.254', 'private'],
  ['192.168.1.1', 'private'],
  ['fc00::1', 'private'],
  ['fd12:3456:789a::1', 'private'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:192.168.0.10', 'private'],
  ['169.254.1.1', 'link-local'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['100.64.0.1', 'carrier-grade NAT'],
  ['100.127.255.254', 'carrier-grade NAT'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['ff02::1', 'multicast'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['::', 'unspecified'],
  ['255.255.255.255', 'broadcast'],
  ['192.0.2.1', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['240.0.0.1', 'reserved'],
  ['2001:db8::1', 'reserved'],
  ['::7f00:1', 'reserved'],
  ['64:ff9b:1::a00:1', 'reserved'],
  ['169.254.169.254', 'cloud metadata'],
  ['169.254.170.2', 'cloud metadata'],
  ['100.100.100.200', 'cloud metadata'],
  ['168.63.129.16', 'cloud metadata'],
  ['fd00:ec2::254', 'cloud metadata'],
  ['::ffff:169.254.169.254', 'cloud metadata'],
  ['::ffff:a9fe:a9fe', 'cloud metadata'],
  ['64:ff9b::a9fe:a9fe', 'cloud metadata'],
  ['64:ff9b::7f00:1', 'loopback', true],
  ['64:ff9b::5db8:d822', 'public'],
  ['2002:a00:1::1', 'private'],
  ['2002:5db8:d822::1', 'public'],
  ['not-an-ip', 'invalid'],
  ['999.1.1.1', 'invalid'],
];

describe('judgeAddress', () => {
  it.each(TABLE)('%s is %s', (address, category, allowedWithLoopback = false) => {
    const strict = judgeAddress(address, { allowLoopback: false });
    const lenient = judgeAddress(address, { allowLoopback: true });
    expect(strict.category).toBe(category);
    expect(strict.allowed).toBe(category === 'public');
    expect(lenient.allowed).toBe(category === 'public' || allowedWithLoopback);
    if (!strict.allowed) {
      expect(strict.reason.length).toBeGreaterThan(5);
      // The label is what users see: it names the kind of address, never an address (issue 12, defect 13).
      expect(strict.label).not.toMatch(/\d+\.\d+\.\d+\.\d+|[0-9a-f]*::?[0-9a-f]+:|::/i);
    }
  });

  it('names the embedded IPv4 address of a mapped form in the reason (logs), not in the label', () => {
    const decision = judgeAddress('::ffff:169.254.169.254', { allowLoopback: false });
    expect(decision).toMatchObject({
      allowed: false,
      reason: 'cloud metadata address (IPv4-mapped 169.254.169.254)',
      label: 'cloud metadata address (IPv4-mapped)',
    });
  });

  it('accepts bracketed IPv6 as URLs write it', () => {
    expect(judgeAddress('[::1]', { allowLoopback: false })).toMatchObject({ allowed: false, category: 'loopback' });
  });
});
