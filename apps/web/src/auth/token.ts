/** Where the pasted token lives: this tab only, gone when it closes. */
const KEY = 'curation.token';

/**
 * Signs in from `/#token=<JWT>` (the one-click URL `npm start` prints): the token is kept and removed from the
 * address bar at once, so it is not left in the history or copied along with the page's URL.
 */
export function takeTokenFromUrl(location: Location, history: History, storage: Storage): void {
  const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = hash.get('token');
  if (!token) return;
  storage.setItem(KEY, token.trim());
  hash.delete('token');
  const rest = hash.toString();
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
}

export function readToken(storage: Storage): string | null {
  const token = storage.getItem(KEY);
  return token && token.length > 0 ? token : null;
}

export function storeToken(storage: Storage, token: string): void {
  storage.setItem(KEY, token.trim());
}

export function clearToken(storage: Storage): void {
  storage.removeItem(KEY);
}
