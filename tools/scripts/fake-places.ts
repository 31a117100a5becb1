// npm run fake-places [-- --port N]: the loopback fake Google Places server, for local runs without a Google
// key or internet. Point the worker at it: GOOGLE_PLACES_BASE_URL=<printed url> GOOGLE_MAPS_API_KEY=fake.
import { startFakePlacesServer } from '@curation/integrations/testing';

async function main(): Promise<void> {
  const server = await startFakePlacesServer();
  process.stdout.write(
    `fake Google Places (legacy and new flavours) at ${server.url}\n  GOOGLE_PLACES_BASE_URL=${server.url} GOOGLE_MAPS_API_KEY=fake\nCtrl-C stops it.\n`,
  );
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`fake-places failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
