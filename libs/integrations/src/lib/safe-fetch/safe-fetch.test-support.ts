import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SafeFetchError } from './safe-fetch.types';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface LocalServer {
  port: number;
  /** Paths requested, in order. */
  paths: string[];
  close(): Promise<void>;
}

/** `server` on 127.0.0.1 (port 0) answering from `routes` by path (query ignored); other paths 404. */
export async function serveRoutes(
  routes: Record<string, Handler>,
  server: Server = createServer(),
): Promise<LocalServer> {
  const paths: string[] = [];
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    paths.push(req.url ?? '');
    const handler = routes[(req.url ?? '').split('?')[0]];
    if (handler) handler(req, res);
    else {
      res.statusCode = 404;
      res.end('no such route');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The SafeFetchError `call` fails with; any other outcome fails the test. */
export async function failure(call: Promise<unknown>): Promise<SafeFetchError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof SafeFetchError) return error;
    throw new Error(`expected a SafeFetchError, got ${String(error)}`);
  }
  throw new Error('expected the call to fail');
}

/**
 * A self-signed certificate for `name`, made per run (key from node:crypto, X.509 from the openssl CLI, which
 * every machine kind here has). No key material is committed.
 */
export function selfSignedCertificate(name = 'secure.example.test'): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'safe-fetch-tls-'));
  try {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    writeFileSync(join(dir, 'key.pem'), key);
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-key',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '2',
        '-subj',
        `/CN=${name}`,
        '-addext',
        `subjectAltName=DNS:${name}`,
      ],
      {
        stdio: 'ignore',
        timeout: 5_000,
      },
    );
    return { key, cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
