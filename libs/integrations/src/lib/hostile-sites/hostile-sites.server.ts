import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

import { HostileCase, hostileCases, ServedCase } from './hostile-cases';

export { hostileHost, robotsFamilyHost } from './hostile-cases';

/**
 * The hostile web on loopback: every case of `hostileCases()` answers for its hosts (told apart by the
 * Host header, as the fixture sites are). `connectTo` maps each host's port 80 here and its port 443 to a
 * closed port, so https is refused and the fetcher falls back to http as it does for a plain-http site.
 */
export interface HostileSites {
  readonly url: string;
  readonly port: number;
  readonly cases: readonly HostileCase[];
  /** `host:80:127.0.0.1:<port>,host:443:127.0.0.1:1,...` for FETCH_CONNECT_TO. */
  readonly connectTo: string;
  /** Requests so far, per host (every path, every attempt). */
  requestsTo(host: string): number;
  /** Requests so far to one host and path. */
  requestsFor(host: string, path: string): number;
  close(): Promise<void>;
}

export async function startHostileSites(options: { familySize?: number } = {}): Promise<HostileSites> {
  const cases = hostileCases(options);
  const byHost = new Map<string, ServedCase>();
  for (const c of cases) for (const host of c.hosts) byHost.set(host, c);
  const perHost = new Map<string, number>();
  const perPath = new Map<string, number>();

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const path = new URL(req.url ?? '/', 'http://hostile').pathname;
    perHost.set(host, (perHost.get(host) ?? 0) + 1);
    const key = `${host} ${path.slice(0, 200)}`;
    perPath.set(key, (perPath.get(key) ?? 0) + 1);
    // A client that gives up mid-body is the point of many cases, not an error of this server.
    res.on('error', () => undefined);
    const served = byHost.get(host);
    if (!served) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such hostile site');
      return;
    }
    served.serve(path, res, req, host);
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const hosts = [...byHost.keys()];
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    cases: cases.map(({ serve: _serve, ...c }) => c),
    connectTo: hosts.flatMap((host) => [`${host}:80:127.0.0.1:${port}`, `${host}:443:127.0.0.1:1`]).join(','),
    requestsTo: (host) => perHost.get(host) ?? 0,
    requestsFor: (host, path) => perPath.get(`${host} ${path.slice(0, 200)}`) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
