// npm run fake-crm [-- --port 18101] [--latency-ms 50] [--credits 1000] [--debounce-concurrency 5]: the four WF8
// loopback fakes (DeBounce, Brevo, HubSpot, n8n) on ports port…port+3 (--port 0: any free ports), for local runs
// without accounts or internet. Prints the env lines that point a worker at them.
import { startCrmFakes } from '@curation/integrations/testing';

const DEFAULT_PORT = 18101;

function option(name: string): number | null {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return null;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name} needs a whole number, got "${process.argv[index + 1] ?? ''}"`);
  return value;
}

async function main(): Promise<void> {
  const base = option('port') ?? DEFAULT_PORT;
  const port = (offset: number): number => (base === 0 ? 0 : base + offset);
  const latencyMs = option('latency-ms') ?? 0;
  const credits = option('credits');
  const concurrency = option('debounce-concurrency');
  const fakes = await startCrmFakes({
    latencyMs,
    debounce: {
      port: port(0),
      ...(credits === null ? {} : { credits }),
      ...(concurrency === null ? {} : { maxConcurrent: concurrency }),
    },
    brevo: { port: port(1) },
    hubspot: { port: port(2) },
    n8n: { port: port(3) },
  });
  const env = fakes.env();
  const lines = [
    `fake DeBounce  ${fakes.debounce.baseUrl}  (credits: ${credits ?? 'unlimited'}; verdict by address, see fake-debounce.server.ts)`,
    `fake Brevo     ${fakes.brevo.baseUrl}`,
    `fake HubSpot   ${fakes.hubspot.baseUrl}`,
    `fake n8n       ${fakes.n8n.webhookUrl}`,
    `latency ${latencyMs} ms on every answer`,
    '',
    'Point a worker at them:',
    ...Object.entries(env).map(([name, value]) => `  ${name}=${value}`),
    '',
    'Ctrl-C stops them.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = (): void => void fakes.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`fake-crm failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
