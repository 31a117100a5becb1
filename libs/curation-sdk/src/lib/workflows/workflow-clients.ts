import { WorkflowClientName, WorkflowClients } from './workflow-registry';

/** How the worker makes one client from its validated config. */
export interface ClientProvider<T> {
  /** Why this configuration cannot build the client (e.g. "GOOGLE_MAPS_API_KEY is not set"), or null. */
  readonly unavailable: string | null;
  build(): T;
  close(client: T): Promise<void>;
}

export type ClientProviders = { readonly [K in WorkflowClientName]: ClientProvider<WorkflowClients[K]> };

/**
 * The clients of one worker process: each built on first use (so a client no enabled workflow declares is
 * never built) and closed by {@link close}, every one that was built.
 */
export class WorkflowClientPool {
  readonly clients: WorkflowClients;
  private readonly closers: (() => Promise<void>)[] = [];

  constructor(providers: ClientProviders) {
    const googlePlaces = this.lazy(providers.googlePlaces);
    const fetcher = this.lazy(providers.fetcher);
    const debounce = this.lazy(providers.debounce);
    const brevo = this.lazy(providers.brevo);
    const hubspot = this.lazy(providers.hubspot);
    const n8n = this.lazy(providers.n8n);
    this.clients = {
      get googlePlaces() {
        return googlePlaces();
      },
      get fetcher() {
        return fetcher();
      },
      get debounce() {
        return debounce();
      },
      get brevo() {
        return brevo();
      },
      get hubspot() {
        return hubspot();
      },
      get n8n() {
        return n8n();
      },
    };
  }

  /** Closes every client built so far, each once; a failing close does not keep the others open. */
  async close(): Promise<void> {
    const closers = this.closers.splice(0);
    const results = await Promise.allSettled(closers.map((close) => close()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private lazy<T>(provider: ClientProvider<T>): () => T {
    let built: { readonly client: T } | null = null;
    return () => {
      if (!built) {
        if (provider.unavailable !== null) throw new Error(provider.unavailable);
        const client = provider.build();
        built = { client };
        this.closers.push(() => provider.close(client));
      }
      return built.client;
    };
  }
}

/** The reason each of `requires` cannot be built, in order; empty when all can. */
export function missingClients(providers: ClientProviders, requires: readonly WorkflowClientName[]): string[] {
  return requires.map((name) => providers[name].unavailable).filter((reason): reason is string => reason !== null);
}
