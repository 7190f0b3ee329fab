// The presenter's credential (PRESENTER_TOKEN or the admin token), typed once in the presenter
// window and kept in that tab's sessionStorage: never in a URL (walls are opened by URL, and URLs
// end up in histories and logs), gone when the tab closes.
const KEY = 'screen.presenterToken';

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage disabled: the presenter types the token again after a reload
  }
}

export const presenterToken = {
  get: (): string | null => storage()?.getItem(KEY) || null,
  set(token: string): void {
    storage()?.setItem(KEY, token.trim());
  },
  clear(): void {
    storage()?.removeItem(KEY);
  },
};
