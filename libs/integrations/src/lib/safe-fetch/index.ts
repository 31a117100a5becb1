export { judgeAddress } from './address-policy';
export type { AddressCategory, AddressDecision, AddressPolicyOptions } from './address-policy';
export { HostGate } from './host-gate';
export { ROBOTS_MAX_BYTES, RobotsCache, parseRobots, productToken, robotsAllows, sitemapsOf } from './robots';
export type { ParsedRobots, RobotsFetcher, RobotsGroup, RobotsRule, RobotsVerdict } from './robots';
export { SAFE_FETCH_DEFAULTS, SafeFetcher } from './safe-fetch';
export type { SafeFetchTestOptions } from './safe-fetch';
export { SAFE_FETCH_ERROR_CODES, SafeFetchError, assertOk, parseConnectTo } from './safe-fetch.types';
export type { ConnectToRule, HostLookup, SafeFetchErrorCode, SafeFetchInit, SafeFetchOptions, SafeFetchResponse } from './safe-fetch.types';
