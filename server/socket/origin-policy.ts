// Which browser pages may open the socket (socket.io's allowRequest). A browser always names the
// page's origin on a WebSocket upgrade and on a cross-origin request, so a page on another site
// cannot drive a briefing or read the stream through a visitor's browser. Allowed: the page's own
// origin (the Origin's host equals the Host the request came to) and ALLOWED_ORIGINS.
// A request without Origin is let through: browsers leave it out only on same-origin GETs
// (long-polling), and tools that are not browsers (our tests, curl, a monitoring probe) cannot be
// told apart by a header they choose themselves — the screen token is what guards against them.
import type { IncomingMessage } from 'node:http';

export function originAllowed(req: IncomingMessage, allowList: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowList.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false; // "null" (a sandboxed frame, a file:// page) or garbage
  }
}

export function allowRequest(allowList: readonly string[]) {
  return (req: IncomingMessage, callback: (err: string | null | undefined, ok: boolean) => void) =>
    originAllowed(req, allowList)
      ? callback(null, true)
      : callback('origin not allowed: set ALLOWED_ORIGINS on the server', false);
}
