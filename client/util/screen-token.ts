// SCREEN_TOKEN deployments open the page as /?token=…; the read API and the socket need it too.

/** How often a refused screen asks again: the token may be put right on the server meanwhile,
 * and a wall should come back by itself, but asking every second only fills the console. */
export const DENIED_RETRY_MS = 30_000;

export function screenToken(search: string): string | null {
  return new URLSearchParams(search).get('token');
}

/** `path` with the page's token as a query parameter, when it has one. */
export function withScreenToken(path: string, search: string): string {
  const token = screenToken(search);
  if (!token) return path;
  return `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
}
