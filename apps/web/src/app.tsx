import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState } from 'react';

import { createApiClient } from './api/client';
import { clearToken, readToken, storeToken } from './auth/token';
import { BusinessesPage } from './businesses/businesses-page';
import { ContactsPage } from './contacts/contacts-page';
import { DashboardPage } from './dashboard/dashboard-page';
import { DomainsPage } from './domains/domains-page';
import { DemoBanner } from './layout/demo-banner';
import { PagesPage } from './pages/pages-page';
import { PlacesPage } from './places/places-page';
import { SearchPage } from './search/search-page';
import { SitemapsPage } from './sitemaps/sitemaps-page';

const TABS = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'search', label: 'Search' },
  { id: 'places', label: 'Places' },
  { id: 'businesses', label: 'Businesses' },
  { id: 'domains', label: 'Domains' },
  { id: 'sitemaps', label: 'Sitemaps' },
  { id: 'pages', label: 'Pages' },
  { id: 'contacts', label: 'Contacts' },
] as const;
type Tab = (typeof TABS)[number]['id'];

/**
 * The tab named by the address's hash (`#businesses`, `#places?job=<id>`), so a tab can be bookmarked and
 * reloaded; what follows `?` is the tab's own (see {@link hashParam}).
 */
function tabOf(hash: string): Tab {
  const name = hash.replace(/^#/, '').split('?')[0];
  return TABS.find((t) => t.id === name)?.id ?? 'dashboard';
}

/** A parameter of the hash's query part: `#places?job=…` → hashParam(hash, 'job'). */
function hashParam(hash: string, name: string): string | null {
  const query = hash.split('?')[1];
  return query ? new URLSearchParams(query).get(name) : null;
}

/** Signs in with a pasted Supabase-style JWT; the API checks it on every call. */
function SignIn({ onSignIn }: { readonly onSignIn: (token: string) => void }) {
  const id = useId();
  const [token, setToken] = useState('');
  return (
    <main className="sign-in">
      <h1>Curation console</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (token.trim()) onSignIn(token);
        }}
      >
        <label htmlFor={id}>Access token (JWT)</label>
        <textarea id={id} value={token} onChange={(e) => setToken(e.target.value)} rows={4} required />
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}

export function App({ storage = sessionStorage }: { readonly storage?: Storage }) {
  const [token, setToken] = useState(() => readToken(storage));
  // The whole hash, not only the tab: `#places?job=…` and `#places` are the same tab with other filters.
  const [hash, setHash] = useState(() => location.hash);
  const tab = tabOf(hash);
  useEffect(() => {
    const follow = () => setHash(location.hash);
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const queryClient = useMemo(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }),
    [],
  );
  const signOut = () => {
    clearToken(storage);
    setToken(null);
    queryClient.clear();
  };
  const api = useMemo(() => createApiClient(() => readToken(storage), signOut), [storage]);

  if (!token)
    return (
      <SignIn
        onSignIn={(t) => {
          storeToken(storage, t);
          setToken(readToken(storage));
        }}
      />
    );
  return (
    <QueryClientProvider client={queryClient}>
      <header className="top">
        <h1>Curation console</h1>
        <nav aria-label="Stages">
          {TABS.map((t) => (
            <a key={t.id} href={`#${t.id}`} aria-current={tab === t.id ? 'page' : undefined}>
              {t.label}
            </a>
          ))}
        </nav>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <DemoBanner api={api} />
      <main>
        {tab === 'search' ? (
          <SearchPage api={api} />
        ) : tab === 'places' ? (
          <PlacesPage api={api} searchJobId={hashParam(hash, 'job')} key={hash} />
        ) : tab === 'businesses' ? (
          <BusinessesPage api={api} />
        ) : tab === 'domains' ? (
          <DomainsPage api={api} />
        ) : tab === 'sitemaps' ? (
          <SitemapsPage api={api} domainId={hashParam(hash, 'domain')} key={hash} />
        ) : tab === 'pages' ? (
          <PagesPage api={api} />
        ) : tab === 'contacts' ? (
          <ContactsPage api={api} domainId={hashParam(hash, 'domain')} key={hash} />
        ) : (
          <DashboardPage api={api} />
        )}
      </main>
    </QueryClientProvider>
  );
}
