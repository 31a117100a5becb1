import { beforeEach, describe, expect, it } from 'vitest';

import { readToken, takeTokenFromUrl } from './token';

describe('sign-in from the address bar', () => {
  beforeEach(() => sessionStorage.clear());

  it('keeps the token of /#token=… and removes it from the address bar', () => {
    history.replaceState(null, '', '/?tab=pages#token=eyJ.abc.def');
    takeTokenFromUrl(location, history, sessionStorage);
    expect(readToken(sessionStorage)).toBe('eyJ.abc.def');
    expect(location.href).toBe(`${location.origin}/?tab=pages`);
  });

  it('leaves the address and the stored token alone without a token in the hash', () => {
    sessionStorage.setItem('curation.token', 'kept');
    history.replaceState(null, '', '/#businesses');
    takeTokenFromUrl(location, history, sessionStorage);
    expect(readToken(sessionStorage)).toBe('kept');
    expect(location.hash).toBe('#businesses');
  });
});
