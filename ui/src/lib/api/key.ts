// Where the browser keeps the API key: given once in the URL fragment (#key=…), then only in
// sessionStorage, so it never sits in the address bar, the history or the served page.

const STORAGE_KEY = 'mostrador.apiKey';

interface Place {
  hash: string;
  pathname: string;
  search: string;
}

/** The key from `#key=…` (then removed from the address bar) or from this tab's storage. */
export function takeKey(
  place: Place,
  storage: Pick<Storage, 'getItem' | 'setItem'>,
  replaceUrl: (url: string) => void,
): string | null {
  const fragment = new URLSearchParams(place.hash.replace(/^#/, ''));
  const fromUrl = fragment.get('key')?.trim();
  if (fromUrl) {
    storage.setItem(STORAGE_KEY, fromUrl);
    replaceUrl(place.pathname + place.search);
    return fromUrl;
  }
  return storage.getItem(STORAGE_KEY);
}

export function storeKey(storage: Pick<Storage, 'setItem'>, key: string): void {
  storage.setItem(STORAGE_KEY, key.trim());
}

export function forgetKey(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(STORAGE_KEY);
}
