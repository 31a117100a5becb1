import { useQuery } from '@tanstack/react-query';

import { unwrap, type ApiClient, type Schemas } from '../api/client';
import { demoFakes } from '../api/labels';

type DemoFake = Schemas['DemoFake'];

const NAMES: Readonly<Record<DemoFake, string>> = {
  'google-places': 'Google Places',
  websites: 'the businesses’ websites',
  debounce: 'DeBounce',
  brevo: 'Brevo',
  hubspot: 'HubSpot',
  n8n: 'n8n',
};

/** Says so on every tab when the API runs the offline demo, naming the services local fakes answer. */
export function DemoBanner({ api }: { readonly api: ApiClient }) {
  const info = useQuery({
    queryKey: ['console-info'],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v3/console/info', { signal })),
    staleTime: Infinity,
  });
  const fakes = info.data?.demo_fakes ?? [];
  if (fakes.length === 0) return null;
  return (
    <p className="demo-banner" role="note">
      <strong>Offline demo.</strong> {fakes.map((f) => NAMES[f]).join(', ')} are local fakes started by{' '}
      <code>npm start</code>
      {demoFakes.every((f) => fakes.includes(f))
        ? ': nothing leaves this machine.'
        : `; ${demoFakes
            .filter((f) => !fakes.includes(f))
            .map((f) => NAMES[f])
            .join(', ')} are the real services.`}
    </p>
  );
}
