import ipaddr from 'ipaddr.js';

export interface AddressPolicyOptions {
  /** 127/8 and ::1 (also IPv4-mapped) pass; everything else refused stays refused. */
  allowLoopback: boolean;
}

export type AddressCategory =
  | 'public'
  | 'invalid'
  | 'cloud metadata'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'carrier-grade NAT'
  | 'multicast'
  | 'unspecified'
  | 'broadcast'
  | 'reserved';

export type AddressDecision =
  | { allowed: true; address: string; category: 'public' | 'loopback' }
  | {
      allowed: false;
      address: string;
      category: Exclude<AddressCategory, 'public'>;
      /** For logs: may name the IPv4 address an IPv6 form carries. */
      reason: string;
      /** What kind of address it is, naming no address: the part of the reason that may be stored and shown. */
      label: string;
    };

/**
 * Metadata services answer credentials to whoever asks from inside the instance. Most sit in ranges refused anyway;
 * they are named so the error says what was at stake. Azure's 168.63.129.16 is publicly routable and only caught here.
 */
const CLOUD_METADATA: ReadonlyMap<string, string> = new Map([
  ['169.254.169.254', 'cloud metadata address'],
  ['169.254.170.2', 'cloud metadata address (ECS task metadata)'],
  ['100.100.100.200', 'cloud metadata address (Alibaba Cloud)'],
  ['168.63.129.16', 'cloud metadata address (Azure)'],
  ['fd00:ec2::254', 'cloud metadata address (EC2 IPv6)'],
]);

const IPV4_CATEGORY: Readonly<Record<string, Exclude<AddressCategory, 'public' | 'invalid' | 'cloud metadata'>>> = {
  loopback: 'loopback',
  private: 'private',
  linkLocal: 'link-local',
  carrierGradeNat: 'carrier-grade NAT',
  multicast: 'multicast',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
};

const IPV6_CATEGORY: Readonly<Record<string, Exclude<AddressCategory, 'public' | 'invalid' | 'cloud metadata'>>> = {
  loopback: 'loopback',
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private',
  linkLocal: 'link-local',
  multicast: 'multicast',
  unspecified: 'unspecified',
};

const REASONS: Readonly<Record<Exclude<AddressCategory, 'public' | 'cloud metadata'>, string>> = {
  invalid: 'invalid address',
  loopback: 'loopback address',
  private: 'private network address',
  'link-local': 'link-local address',
  'carrier-grade NAT': 'carrier-grade NAT address',
  multicast: 'multicast address',
  unspecified: 'unspecified address',
  broadcast: 'broadcast address',
  reserved: 'reserved or special-purpose address',
};

/**
 * Whether a connection to `address` may be opened. Allow-list logic: only globally routable unicast passes (and
 * loopback when asked), so a range ipaddr.js learns later is refused rather than let through. IPv6 forms that carry
 * an IPv4 address (mapped, NAT64, 6to4) are judged by that IPv4 address.
 */
export function judgeAddress(address: string, options: AddressPolicyOptions): AddressDecision {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(stripBrackets(address));
  } catch {
    return refuse(address, 'invalid');
  }
  const metadata = CLOUD_METADATA.get(parsed.toNormalizedString()) ?? CLOUD_METADATA.get(parsed.toString());
  if (metadata) return { allowed: false, address, category: 'cloud metadata', reason: metadata, label: metadata };
  if (parsed.kind() === 'ipv4') return judgeIpv4(address, parsed as ipaddr.IPv4, options, null);

  const ipv6 = parsed as ipaddr.IPv6;
  const range = ipv6.range();
  const embedded = embeddedIpv4(ipv6, range);
  if (embedded) return judgeIpv4(address, embedded.ipv4, options, embedded.form);
  if (range === 'loopback')
    return options.allowLoopback ? { allowed: true, address, category: 'loopback' } : refuse(address, 'loopback');
  if (range === 'unicast') {
    // ::/96 (IPv4-compatible, deprecated) is "unicast" to ipaddr.js but reaches IPv4 hosts on some stacks.
    if (ipv6.parts.slice(0, 6).every((part) => part === 0))
      return refuse(address, 'reserved', 'IPv4-compatible IPv6 address', 'IPv4-compatible IPv6 address');
    return { allowed: true, address, category: 'public' };
  }
  return refuse(address, IPV6_CATEGORY[range] ?? 'reserved');
}

function judgeIpv4(
  address: string,
  ipv4: ipaddr.IPv4,
  options: AddressPolicyOptions,
  form: string | null,
): AddressDecision {
  const metadata = CLOUD_METADATA.get(ipv4.toString());
  const suffix = form ? ` (${form} ${ipv4.toString()})` : '';
  const labelSuffix = form ? ` (${form})` : '';
  if (metadata)
    return {
      allowed: false,
      address,
      category: 'cloud metadata',
      reason: `${metadata}${suffix}`,
      label: `${metadata}${labelSuffix}`,
    };
  const range = ipv4.range();
  if (range === 'unicast') return { allowed: true, address, category: 'public' };
  if (range === 'loopback' && options.allowLoopback) return { allowed: true, address, category: 'loopback' };
  const category = IPV4_CATEGORY[range] ?? 'reserved';
  return refuse(address, category, `${REASONS[category]}${suffix}`, `${REASONS[category]}${labelSuffix}`);
}

function embeddedIpv4(ipv6: ipaddr.IPv6, range: string): { ipv4: ipaddr.IPv4; form: string } | null {
  if (range === 'ipv4Mapped') return { ipv4: ipv6.toIPv4Address(), form: 'IPv4-mapped' };
  const bytes = ipv6.toByteArray();
  // Well-known NAT64 prefix 64:ff9b::/96 only; the local-use 64:ff9b:1::/48 is refused as reserved below.
  if (range === 'rfc6052' && ipv6.parts[2] === 0 && ipv6.parts[3] === 0 && ipv6.parts[4] === 0 && ipv6.parts[5] === 0) {
    return { ipv4: new ipaddr.IPv4(bytes.slice(12, 16)), form: 'NAT64' };
  }
  if (range === '6to4') return { ipv4: new ipaddr.IPv4(bytes.slice(2, 6)), form: '6to4' };
  return null;
}

function refuse(
  address: string,
  category: Exclude<AddressCategory, 'public' | 'cloud metadata'>,
  reason = REASONS[category],
  label = REASONS[category],
): AddressDecision {
  return { allowed: false, address, category, reason, label };
}

function stripBrackets(address: string): string {
  return address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
}
