import { Request } from 'express';
import ipaddr from 'ipaddr.js';

import { AuthenticatedUser } from '../auth/jwt-auth.guard';

/** The throttler's name: @SkipThrottle must name it (its default names a throttler called `default`). */
export const PER_CLIENT_THROTTLER = 'per-client';

/**
 * The client IP as Express sees it (TRUST_PROXY decides how much of X-Forwarded-For counts). IPv4-mapped
 * IPv6 is the IPv4 address; other IPv6 addresses count per /64, the smallest block one subscriber gets,
 * so one client cannot rotate through its own addresses for a fresh budget.
 */
export function clientIp(req: Request): string {
  const raw = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  if (!ipaddr.isValid(raw)) return raw;
  let address = ipaddr.parse(raw);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress())
    address = (address as ipaddr.IPv6).toIPv4Address();
  if (address.kind() === 'ipv4') return address.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/64`).toString()}/64`;
}

/** One rate-limit bucket per client across all routes: the token's subject when authenticated, else the IP. */
export function rateLimitKey(req: Request & { user?: AuthenticatedUser }): string {
  return req.user ? `user:${req.user.id}` : `ip:${clientIp(req)}`;
}
