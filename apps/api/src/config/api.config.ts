import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, MinLength, ValidateIf } from 'class-validator';

import { loadConfig, RuntimeConfig, toInt } from '@curation/sdk';

import { IsExistingDirectory } from '../frontend/is-existing-directory.validator';

/** Where `nx run web:build` puts the console, relative to the working directory. */
const BUILT_CONSOLE = 'dist/apps/web';
/** WEB_DIR's value for an API without the console. */
export const NO_CONSOLE = 'none';

/** API settings on top of the shared runtime ones; validated once in main.ts. See docs/operations.md. */
export class ApiConfig extends RuntimeConfig {
  /** TCP port the HTTP API listens on. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  /** Interface to bind; 0.0.0.0 inside containers, 127.0.0.1 to keep it local. */
  @IsString()
  HOST = '0.0.0.0';

  /** HS256 secret of the bearer tokens (the reference's Supabase JWT secret). Required; never logged. */
  @IsString({ message: 'JWT_SECRET is required: the HS256 secret that signs API tokens' })
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET: string;

  /** Largest accepted JSON body, in KiB (a 10,000-id batch update needs about 400). */
  @Transform(toInt)
  @IsInt()
  @Min(16)
  @Max(10_240)
  REQUEST_BODY_LIMIT_KB = 1024;

  /** Browser origins allowed to call the API (comma-separated, e.g. https://app.example.com); empty: none. */
  @IsString()
  CORS_ORIGINS = '';

  /**
   * Requests per client and minute before 429, across all routes; a client is the token's subject when
   * authenticated, else the client IP. 0 disables the limit. Generous: the frontend pages a lot.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE = 1200;

  /** Failed authentications (bad, expired or missing tokens) per client IP and minute before 429; 0 disables. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE = 30;

  /**
   * Reverse-proxy hops in front of the API (Express `trust proxy`): the client IP is read that many
   * entries from the right of X-Forwarded-For. 0: the socket's address, X-Forwarded-For ignored.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY = 0;

  /**
   * Google Maps Platform key. The API only checks that it is set: without it, new searches answer 503,
   * because the worker could never run them. Never logged.
   */
  @IsOptional()
  @IsString()
  GOOGLE_MAPS_API_KEY?: string;

  /** Required `aud` claim; Supabase user tokens carry `authenticated`. */
  @IsString()
  JWT_AUDIENCE = 'authenticated';

  /** Required `iss` claim when set (Supabase: `https://<project>.supabase.co/auth/v1`); unset: not checked. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  JWT_ISSUER?: string;

  /**
   * Longest accepted token lifetime, `exp - iat`, in seconds. Tokens without `exp` or `iat` are refused.
   * Supabase issues 3600 s tokens by default (at most a week); `npm start`'s demo token lives 12 h.
   */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(604_800)
  JWT_MAX_AGE_S = 86_400;

  /** Bearer token Prometheus sends to /metrics. Unset: /metrics is not served at all (404). Never logged. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /**
   * Bearer secret n8n sends to POST /api/v3/webhooks/n8n/enrichment-complete (the reference's name; the worker
   * sends the same one to n8n). Unset: the webhook routes are not served at all (404). Never logged.
   */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'N8N_WEBHOOK_SECRET must be at least 16 characters' })
  N8N_WEBHOOK_SECRET?: string;

  /**
   * How long /metrics and /api/v3/workflows/status reuse one operations snapshot, in ms (unset: 5000); 0
   * refreshes on every call, still one refresh at a time.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  OPERATIONS_SNAPSHOT_MS?: number;

  /** The older name of OPERATIONS_SNAPSHOT_MS, read only when that is unset. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  METRICS_DB_CACHE_MS?: number;

  /** Largest CSV file the import endpoints accept, in bytes (streamed, never held whole); past it a 413. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024)
  CSV_IMPORT_MAX_BYTES = 10 * 1024 * 1024;

  /** Most data rows (header and blank lines not counted) per CSV import; past it a 400. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  CSV_IMPORT_MAX_ROWS = 10_000;

  /**
   * Lists count matching rows exactly up to this many (reading at most one more); past it `total` is the
   * planner's estimate and the response says `total_is_estimate: true`. 0: every non-empty list is estimated.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  LIST_EXACT_COUNT_LIMIT = 10_000;

  /**
   * Folder of an existing frontend (e.g. the reference's `static/`) served at /static from the API's own
   * origin, `/` redirecting to /static/index.html. Unset: nothing is served. Must exist at startup.
   */
  @IsOptional()
  @IsString()
  @IsExistingDirectory()
  FRONTEND_DIR?: string;

  /**
   * Folder of the built curation console (`npm run build` writes it to dist/apps/web), served at `/` with
   * `/api/*`, `/health*` and `/metrics` left to the API. Default: dist/apps/web once it has been built;
   * `none`: no console. Must exist at startup.
   */
  @IsString()
  @ValidateIf((config: ApiConfig) => config.WEB_DIR !== NO_CONSOLE)
  @IsExistingDirectory()
  WEB_DIR: string = existsSync(resolve(BUILT_CONSOLE, 'index.html')) ? BUILT_CONSOLE : NO_CONSOLE;
}

export function corsOrigins(config: ApiConfig): string[] {
  return config.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
}

export function loadApiConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  return loadConfig(ApiConfig, env);
}
