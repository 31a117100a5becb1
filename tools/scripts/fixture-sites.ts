// The fixture sites in a process of their own (benchmarks measure the worker's memory without them).
// Prints one JSON line {url, port, connectTo} once listening; SIGTERM stops it.
import { startFixtureSites } from '@curation/integrations/testing';

async function main(): Promise<void> {
  const option = (name: string): number | undefined => {
    const index = process.argv.indexOf(name);
    return index === -1 ? undefined : Number(process.argv[index + 1]);
  };
  const sites = await startFixtureSites({ hugeCount: option('--huge'), contactHosts: option('--contact-hosts') });
  process.stdout.write(`${JSON.stringify({ url: sites.url, port: sites.port, connectTo: sites.connectTo })}\n`);
  const stop = (): void => void sites.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`fixture sites failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
