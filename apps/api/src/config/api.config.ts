import { loadConfig, RuntimeConfig, toInt } from '@curation/sdk';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, Min } from 'class-validator';

/** API settings on top of the shared runtime ones; validated once in main.ts. See docs/configuration.md. */
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
}

export function loadApiConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  return loadConfig(ApiConfig, env);
}
