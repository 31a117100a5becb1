import createClient, { type Client } from 'openapi-fetch';

import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type ApiClient = Client<paths>;

/** Thrown for any answer that is not a success: the API's own message, never a stack or SQL. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The typed client: paths, parameters, bodies and answers all come from the API's OpenAPI document. */
export function createApiClient(token: () => string | null, onUnauthorized: () => void, baseUrl = ''): ApiClient {
  const client = createClient<paths>({ baseUrl });
  client.use({
    onRequest({ request }) {
      const t = token();
      if (t) request.headers.set('Authorization', `Bearer ${t}`);
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401) onUnauthorized();
      return response;
    },
  });
  return client;
}

/** The data of an openapi-fetch answer, or an {@link ApiError} with the API's message. */
export function unwrap<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.response.ok && answer.data !== undefined) return answer.data;
  const body = answer.error as { message?: unknown; detail?: unknown } | undefined;
  const message =
    typeof body?.message === 'string' ? body.message : typeof body?.detail === 'string' ? body.detail : '';
  throw new ApiError(answer.response.status, message || `the API answered ${answer.response.status}`);
}

/**
 * Request options that send `file` as the multipart `file` field of a CSV import. The generated body type
 * says `file: string` (OpenAPI's binary format); the browser sends the File itself.
 */
export function csvUpload(file: File): { body: { file: string }; bodySerializer: () => FormData } {
  const form = new FormData();
  form.append('file', file);
  return { body: { file: file.name }, bodySerializer: () => form };
}
