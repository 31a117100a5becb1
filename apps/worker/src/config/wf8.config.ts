import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';

import { toBool, toInt } from '@curation/sdk';

// Loopback fakes (http://127.0.0.1:port) are real base URLs in tests and the offline demo: no TLD required.
const HTTP_URL: Parameters<typeof IsUrl>[0] = {
  require_protocol: true,
  protocols: ['http', 'https'],
  require_tld: false,
};

/**
 * WF8's services: DeBounce validation and delivery to Brevo, HubSpot and n8n. Names are the reference's where it
 * had one. A service without its key is simply absent: its workflow is disabled with one log line saying so.
 * Validated with the rest of the worker's settings at startup; see docs/operations.md.
 */
export class Wf8Config {
  /** DeBounce API key (secret). Without it WF8 validation is disabled. */
  @IsOptional()
  @IsString()
  @MinLength(8)
  DEBOUNCE_API_KEY?: string;

  /** DeBounce's single-address endpoint (`GET {base}?api=KEY&email=…`). */
  @IsUrl(HTTP_URL)
  DEBOUNCE_API_BASE_URL = 'https://api.debounce.io/v1/';

  /** Per DeBounce call, in ms: it talks SMTP to the mailbox's server, which can be slow. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(120_000)
  DEBOUNCE_TIMEOUT_MS = 30_000;

  /** DeBounce calls in flight at once from this worker (DeBounce documents 5 per key). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DEBOUNCE_MAX_CONCURRENT = 5;

  /** A result for the same address validated within this many days is reused without a paid call (0 = never). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3650)
  DEBOUNCE_CACHE_DAYS = 30;

  /** Catch-all addresses are also delivered (and auto-queued); off by default, as they often bounce. */
  @Transform(toBool)
  @IsBoolean()
  DEBOUNCE_QUEUE_CATCH_ALL = false;

  /** CRMs a deliverable result queues at once, comma-separated (`brevo,hubspot,n8n`); empty = none. */
  @IsString()
  @Matches(/^((brevo|hubspot|n8n)(,(brevo|hubspot|n8n))*)?$/, {
    message: 'DEBOUNCE_AUTO_QUEUE_CRMS must be a comma-separated list of brevo, hubspot, n8n (or empty)',
  })
  DEBOUNCE_AUTO_QUEUE_CRMS = '';

  /** How long a 401/402 from DeBounce (key revoked, credits exhausted) pauses validation, in ms. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  DEBOUNCE_PAUSE_MS = 900_000;

  /** Brevo API key (secret). Without it Brevo delivery is disabled. */
  @IsOptional()
  @IsString()
  @MinLength(8)
  BREVO_API_KEY?: string;

  @IsUrl(HTTP_URL)
  BREVO_API_BASE_URL = 'https://api.brevo.com/v3';

  /** Brevo list every delivered contact is added to; unset = none. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  BREVO_LIST_ID?: number;

  /** Brevo calls per second from this worker (Brevo's contacts limit is 10/s). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  BREVO_REQUESTS_PER_SECOND = 10;

  /** Deliver to Brevo contacts whose address DeBounce has not validated. */
  @Transform(toBool)
  @IsBoolean()
  BREVO_ALLOW_UNVALIDATED = false;

  /** HubSpot private-app access token (secret). Without it HubSpot delivery is disabled. */
  @IsOptional()
  @IsString()
  @MinLength(8)
  HUBSPOT_API_KEY?: string;

  @IsUrl(HTTP_URL)
  HUBSPOT_API_BASE_URL = 'https://api.hubapi.com';

  /** HubSpot batch calls per second from this worker (private apps: 100 per 10 s). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  HUBSPOT_REQUESTS_PER_SECOND = 10;

  @Transform(toBool)
  @IsBoolean()
  HUBSPOT_ALLOW_UNVALIDATED = false;

  /** The n8n webhook node's production URL. Without it n8n delivery is disabled. */
  @IsOptional()
  @IsUrl(HTTP_URL)
  N8N_WEBHOOK_URL?: string;

  /** Sent as `Authorization: Bearer …` to the webhook (secret); the API checks the same secret on n8n's callback. */
  @IsOptional()
  @IsString()
  @MinLength(16)
  N8N_WEBHOOK_SECRET?: string;

  /** n8n webhook calls per second from this worker (0 = unlimited). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  N8N_REQUESTS_PER_SECOND = 0;

  @Transform(toBool)
  @IsBoolean()
  N8N_ALLOW_UNVALIDATED = false;

  /** How long a 401/402 from a CRM pauses its delivery, in ms. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  WF8_CRM_PAUSE_MS = 900_000;
}

/** The CRMs DEBOUNCE_AUTO_QUEUE_CRMS names, without repeats. */
export function autoQueueCrms(config: Wf8Config): ('brevo' | 'hubspot' | 'n8n')[] {
  const names = config.DEBOUNCE_AUTO_QUEUE_CRMS.split(',').filter((name) => name !== '');
  return [...new Set(names)].filter((name): name is 'brevo' | 'hubspot' | 'n8n' =>
    ['brevo', 'hubspot', 'n8n'].includes(name),
  );
}
