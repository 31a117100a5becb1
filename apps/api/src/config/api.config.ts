import { loadConfig, RuntimeConfig, toInt } from '@curation/sdk';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';

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

  /** Requests per client IP per minute before 429; 0 disables the limit. Generous: the frontend pages a lot. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE = 1200;

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
}

export function corsOrigins(config: ApiConfig): string[] {
  return config.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
}

export function loadApiConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  return loadConfig(ApiConfig, env);
}
