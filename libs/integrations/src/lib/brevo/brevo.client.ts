import { CrmClientError } from '../http-client/crm-client-error';
import { CrmCallOptions, CrmHttpSettings, isRecord, JsonHttp, jsonHttpConfig, textOf } from '../http-client/json-http';
import { BrevoAttributes } from './brevo.mapping';

/** The reference's `BREVO_API_BASE_URL` default. A base without `/v3` (https://api.brevo.com) works too. */
export const DEFAULT_BREVO_BASE_URL = 'https://api.brevo.com/v3';

export interface BrevoClientOptions extends CrmHttpSettings {
  apiKey: string;
  baseUrl?: string | null;
  /** `BREVO_LIST_ID`: added to every upsert that does not name its own lists. */
  listId?: number | null;
  // Defaults: timeoutMs 10 000, requestsPerSecond 10 (Brevo's general contacts limit), maxConcurrent 0.
}

export interface BrevoContactRequest {
  email: string;
  attributes?: BrevoAttributes;
  /** Default: `[listId]` when the client has one, else none. */
  listIds?: number[];
}

export interface BrevoUpsertResult {
  email: string;
  /** 201 created / 204 updated an existing contact (updateEnabled). */
  outcome: 'created' | 'updated';
  /** Brevo's numeric id; only a 201 carries it. */
  brevoId: number | null;
}

/**
 * Brevo `POST /v3/contacts` with `updateEnabled: true`: create-or-update keyed on the e-mail, so a repeated call
 * (retry after a timeout, a second worker) updates the one contact instead of creating another.
 */
export class BrevoClient {
  private readonly contactsUrl: string;
  private readonly apiKey: string;
  private readonly listId: number | null;
  private readonly http: JsonHttp;

  constructor(options: BrevoClientOptions) {
    if (!options.apiKey) throw new CrmClientError('brevo', 'unauthorized', 'Brevo API key is empty');
    this.apiKey = options.apiKey;
    const base = (options.baseUrl || DEFAULT_BREVO_BASE_URL).replace(/\/+$/, '');
    this.contactsUrl = /\/v3$/.test(base) ? `${base}/contacts` : `${base}/v3/contacts`;
    this.listId = options.listId ?? null;
    this.http = new JsonHttp(
      jsonHttpConfig('brevo', [options.apiKey], options, {
        timeoutMs: 10_000,
        requestsPerSecond: 10,
        maxConcurrent: 0,
      }),
    );
  }

  async upsertContact(contact: BrevoContactRequest, options: CrmCallOptions = {}): Promise<BrevoUpsertResult> {
    const action = `upsert contact ${contact.email}`;
    const listIds = contact.listIds ?? (this.listId !== null ? [this.listId] : []);
    const body: Record<string, unknown> = {
      email: contact.email,
      attributes: contact.attributes ?? {},
      updateEnabled: true,
    };
    if (listIds.length > 0) body.listIds = listIds;
    const answer = await this.http.send({
      method: 'POST',
      url: this.contactsUrl,
      headers: { 'api-key': this.apiKey },
      body,
      action,
      signal: options.signal,
    });
    if (answer.status === 204) return { email: contact.email, outcome: 'updated', brevoId: null };
    if (answer.status === 201 || answer.status === 200) {
      if (!isRecord(answer.json)) throw this.http.badResponse(answer, action, 'is not JSON');
      const id = answer.json.id;
      if (typeof id !== 'number' || !Number.isInteger(id))
        throw this.http.badResponse(answer, action, 'has no numeric "id"');
      return { email: contact.email, outcome: 'created', brevoId: id };
    }
    if (answer.status >= 200 && answer.status < 300)
      throw this.http.badResponse(answer, action, 'is not one of the documented 201/204');
    const error = isRecord(answer.json) ? answer.json : {};
    throw this.http.statusError(
      answer,
      action,
      textOf(error.code),
      textOf(error.message),
      this.http.retryAfter(answer.headers, 'x-sib-ratelimit-reset'),
    );
  }
}
