import { CrmClientError } from '../http-client/crm-client-error';
import { CrmCallOptions, CrmHttpSettings, isRecord, JsonHttp, jsonHttpConfig, textOf } from '../http-client/json-http';

export interface N8nClientOptions extends CrmHttpSettings {
  /** `N8N_WEBHOOK_URL`, the webhook node's production URL. */
  webhookUrl: string;
  /** `N8N_WEBHOOK_SECRET`, sent as `Authorization: Bearer …` (the webhook node's header auth). */
  secret?: string | null;
  // Defaults: timeoutMs 30 000 (the reference's), requestsPerSecond 0, maxConcurrent 0.
}

export interface N8nSendOptions extends CrmCallOptions {
  /** Sent as `Idempotency-Key`; the same delivery retried must carry the same key ({@link n8nIdempotencyKey}). */
  idempotencyKey: string;
}

export interface N8nDeliveryResult {
  /** 200, 201, 202 or 204. */
  status: number;
  /** The webhook's answer: parsed JSON, else the text; n8n's default is {"message": "Workflow was started"}. */
  body: unknown;
}

/**
 * n8n webhook delivery, fire-and-forget as in the reference: a 2xx is success whatever the body says (a
 * "Respond to Webhook" node may answer anything). 401/403 from the webhook's header auth are `unauthorized`;
 * 404 "webhook is not registered" (workflow inactive) is `rejected`.
 */
export class N8nClient {
  private readonly webhookUrl: string;
  private readonly secret: string | null;
  private readonly http: JsonHttp;

  constructor(options: N8nClientOptions) {
    let url: URL;
    try {
      url = new URL(options.webhookUrl);
    } catch {
      throw new CrmClientError('n8n', 'rejected', 'n8n webhook URL is not a URL');
    }
    this.webhookUrl = url.toString();
    this.secret = options.secret || null;
    // A webhook path is often the only thing guarding it; errors name the host, not the path.
    // n8n echoes the path without its /webhook/ prefix in "not registered" answers.
    const path = url.pathname.length > 1 ? url.pathname : null;
    const webhookName = path ? path.replace(/^\/webhook(-test)?\//, '') : null;
    this.http = new JsonHttp(
      jsonHttpConfig('n8n', [this.secret, path, webhookName], options, {
        timeoutMs: 30_000,
        requestsPerSecond: 0,
        maxConcurrent: 0,
      }),
    );
  }

  async send(payload: object, options: N8nSendOptions): Promise<N8nDeliveryResult> {
    const email = isRecord(payload) ? textOf(payload.email) : null;
    const action = `webhook delivery${email ? ` of ${email}` : ''}`;
    if (!options.idempotencyKey) throw this.http.error('rejected', `${action}: an idempotency key is required`);
    const headers: Record<string, string> = { 'Idempotency-Key': options.idempotencyKey };
    if (this.secret) headers.Authorization = `Bearer ${this.secret}`;
    const answer = await this.http.send({
      method: 'POST',
      url: this.webhookUrl,
      headers,
      body: payload,
      action,
      signal: options.signal,
    });
    if ([200, 201, 202, 204].includes(answer.status))
      return { status: answer.status, body: answer.json === undefined ? answer.text : answer.json };
    const error = isRecord(answer.json) ? answer.json : {};
    throw this.http.statusError(
      answer,
      action,
      // n8n's `code` just repeats the HTTP status.
      typeof error.code === 'string' ? error.code : null,
      textOf(error.message),
      this.http.retryAfter(answer.headers),
    );
  }
}
