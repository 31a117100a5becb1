export { judgeAddress } from './address-policy';
export type { AddressCategory, AddressDecision, AddressPolicyOptions } from './address-policy';
export { HostGate, HostGateWaitError } from './host-gate';
export type { HostGateWait } from './host-gate';
export {
  MAX_ROBOTS_RULES,
  MAX_ROBOTS_SITEMAPS,
  ROBOTS_CACHE_DEFAULTS,
  ROBOTS_MAX_BYTES,
  RobotsCache,
  compileRobots,
  decide,
  parseRobots,
  productToken,
  robotsAllows,
  sitemapsOf,
} from './robots';
export { MAX_ROBOTS_PATTERN_CHARS } from './robots-matcher';
export type {
  CompiledRobots,
  ParsedRobots,
  RobotsCacheOptions,
  RobotsDecision,
  RobotsFetcher,
  RobotsGroup,
  RobotsRule,
  RobotsVerdict,
} from './robots';
export type { CompiledRule } from './robots-matcher';
export { SAFE_FETCH_DEFAULTS, SafeFetcher } from './safe-fetch';
export type { SafeFetchTestOptions } from './safe-fetch';
export { SAFE_FETCH_ERROR_CODES, SafeFetchError, assertOk, parseConnectTo, parsePortList } from './safe-fetch.types';
export type {
  ConnectToRule,
  HostLookup,
  SafeFetchErrorCode,
  SafeFetchInit,
  SafeFetchOptions,
  SafeFetchResponse,
  SafeFetchStreamResponse,
} from './safe-fetch.types';
