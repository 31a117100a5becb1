import { CrmClientError } from '../http-client/crm-client-error';
import {
  CrmCallOptions,
  CrmHttpSettings,
  isRecord,
  JsonHttp,
  JsonHttpAnswer,
  jsonHttpConfig,
  textOf,
} from '../http-client/json-http';

/** The reference's `HUBSPOT_API_BASE_URL` default. */
export const DEFAULT_HUBSPOT_BASE_URL = 'https://api.hubapi.com';

/** HubSpot's batch limit for CRM object endpoints. */
export const HUBSPOT_MAX_BATCH = 100;

export interface HubSpotClientOptions extends CrmHttpSettings {
  /** `HUBSPOT_API_KEY`: a private-app access token, sent as Bearer. */
  apiKey: string;
  baseUrl?: string | null;
  // Defaults: timeoutMs 15 000, requestsPerSecond 10 (private apps: 100 requests per 10 s), maxConcurrent 0.
}

export interface HubSpotContactInput {
  email: string;
  /** Property name → value, as {@link hubspotProperties} builds them. */
  properties: Record<string, string>;
}

export interface HubSpotUpsertedContact {
  email: string;
  /** HubSpot's record id (→ `hubspot_contact_id`). */
  id: string;
  /** HubSpot's `new`: this call created the record. */
  created: boolean;
}

export interface HubSpotItemError {
  message: string;
  category: string | null;
}

export interface HubSpotBatchUpsertResult {
  /** Keyed by lower-cased e-mail, one entry per distinct input address HubSpot confirmed. */
  upserted: Map<string, HubSpotUpsertedContact>;
  /** 207 multi-status: addresses HubSpot named as failed, keyed by lower-cased e-mail. */
  failed: Map<string, HubSpotItemError>;
  /** Lower-cased input addresses neither confirmed nor named as failed: treat as a retry. */
  unaccounted: string[];
}

/**
 * HubSpot CRM v3 contacts batch upsert keyed on `email` (`idProperty: 'email'`): one call creates or updates up to
 * 100 contacts, and a repeat (crash, timeout, second worker) updates the same records, never duplicates them as
 * the reference's search-then-create did.
 */
export class HubSpotClient {
  private readonly apiKey: string;
  private readonly baseUrl: string;
  private readonly http: JsonHttp;

  constructor(options: HubSpotClientOptions) {
    if (!options.apiKey) throw new CrmClientError('hubspot', 'unauthorized', 'HubSpot access token is empty');
    this.apiKey = options.apiKey;
    this.baseUrl = (options.baseUrl || DEFAULT_HUBSPOT_BASE_URL).replace(/\/+$/, '');
    this.http = new JsonHttp(
      jsonHttpConfig('hubspot', [options.apiKey], options, {
        timeoutMs: 15_000,
        requestsPerSecond: 10,
        maxConcurrent: 0,
      }),
    );
  }

  /**
   * Addresses repeated in `inputs` (case-insensitively) are sent once, the last one's properties winning: HubSpot
   * refuses a batch with duplicate ids. More than {@link HUBSPOT_MAX_BATCH} distinct addresses is `rejected`
   * without a call; an empty list makes no call.
   */
  async batchUpsertContacts(
    inputs: readonly HubSpotContactInput[],
    options: CrmCallOptions = {},
  ): Promise<HubSpotBatchUpsertResult> {
    const distinct = new Map<string, HubSpotContactInput>();
    for (const input of inputs) distinct.set(input.email.trim().toLowerCase(), input);
    const result: HubSpotBatchUpsertResult = { upserted: new Map(), failed: new Map(), unaccounted: [] };
    if (distinct.size === 0) return result;
    const action = `batch upsert of ${distinct.size} contact${distinct.size === 1 ? '' : 's'}`;
    if (distinct.size > HUBSPOT_MAX_BATCH)
      throw this.http.error('rejected', `${action}: at most ${HUBSPOT_MAX_BATCH} contacts per batch`);
    const answer = await this.http.send({
      method: 'POST',
      url: `${this.baseUrl}/crm/v3/objects/contacts/batch/upsert`,
      headers: { Authorization: `Bearer ${this.apiKey}` },
      body: {
        inputs: [...distinct.values()].map((input) => ({
          id: input.email,
          idProperty: 'email',
          properties: input.properties,
        })),
      },
      action,
      signal: options.signal,
    });
    if (answer.status !== 200 && answer.status !== 201 && answer.status !== 207) throw this.failure(answer, action);
    const body = answer.json;
    if (!isRecord(body) || !Array.isArray(body.results))
      throw this.http.badResponse(answer, action, 'has no "results" list');
    for (const item of body.results) {
      if (!isRecord(item)) throw this.http.badResponse(answer, action, 'has a result that is not an object');
      const id = textOf(item.id);
      const email = isRecord(item.properties) ? textOf(item.properties.email) : null;
      if (id === null || email === null)
        throw this.http.badResponse(answer, action, 'has a result without "id" or "properties.email"');
      const key = email.trim().toLowerCase();
      result.upserted.set(key, { email: distinct.get(key)?.email ?? email, id, created: item.new === true });
    }
    for (const item of Array.isArray(body.errors) ? body.errors : []) {
      if (!isRecord(item)) continue;
      const error: HubSpotItemError = { message: textOf(item.message) ?? 'failed', category: textOf(item.category) };
      const ids = isRecord(item.context) && Array.isArray(item.context.ids) ? item.context.ids : [];
      for (const id of ids) {
        const key = typeof id === 'string' ? id.trim().toLowerCase() : null;
        if (key && distinct.has(key) && !result.upserted.has(key)) result.failed.set(key, error);
      }
    }
    for (const key of distinct.keys())
      if (!result.upserted.has(key) && !result.failed.has(key)) result.unaccounted.push(key);
    return result;
  }

  /** One contact through the batch endpoint; a 207 failure for it becomes a `rejected` error. */
  async upsertContact(input: HubSpotContactInput, options: CrmCallOptions = {}): Promise<HubSpotUpsertedContact> {
    const result = await this.batchUpsertContacts([input], options);
    const key = input.email.trim().toLowerCase();
    const upserted = result.upserted.get(key);
    if (upserted) return upserted;
    const failed = result.failed.get(key);
    throw this.http.error(
      failed ? 'rejected' : 'bad_response',
      `upsert contact ${input.email}: ${failed ? `${failed.category ?? 'error'}: ${failed.message}` : 'not in the answer'}`,
      { serviceCode: failed?.category ?? null },
    );
  }

  private failure(answer: JsonHttpAnswer, action: string): CrmClientError {
    const body = isRecord(answer.json) ? answer.json : {};
    let retryAfterMs = this.http.retryAfter(answer.headers);
    // HubSpot's 429 names the window it hit instead of sending Retry-After.
    const policy = (textOf(body.policyName) ?? '').toUpperCase();
    if (retryAfterMs === null && policy === 'SECONDLY') retryAfterMs = 1_000;
    if (retryAfterMs === null && policy.startsWith('TEN_SECONDLY')) retryAfterMs = 10_000;
    return this.http.statusError(
      answer,
      action,
      textOf(body.category) ?? textOf(body.errorType),
      textOf(body.message),
      retryAfterMs,
    );
  }
}
