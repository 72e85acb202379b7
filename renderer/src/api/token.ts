/** Where the token lives for the rest of the session (a reload keeps working; a new tab needs the printed address). */
const KEY = 'berth.token';

/**
 * The web host's token: taken from ?token= on first load, then kept in
 * sessionStorage and out of the address bar (so it is not bookmarked,
 * shared in a screenshot or left in history).
 */
export function takeToken(
  loc: Pick<Location, 'href'> = window.location,
  store: Pick<Storage, 'getItem' | 'setItem'> = window.sessionStorage,
  replaceUrl: (url: string) => void = (url) => window.history.replaceState(window.history.state, '', url),
): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    store.setItem(KEY, fromUrl);
    url.searchParams.delete('token');
    replaceUrl(url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return store.getItem(KEY);
}

/** Drop a token the web host no longer accepts. */
export function forgetToken(store: Pick<Storage, 'removeItem'> = window.sessionStorage): void {
  store.removeItem(KEY);
}
