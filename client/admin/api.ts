// Every call of the console: the admin token from the session as a bearer header (never in a
// URL), and the API's one error shape turned into an Error whose message the page can show.
const KEY = 'screen-admin-token';

export const session = {
  get: () => sessionStorage.getItem(KEY),
  set: (t: string) => sessionStorage.setItem(KEY, t),
  clear: () => sessionStorage.removeItem(KEY),
};

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call(
  path: string,
  init: RequestInit = {},
  token = session.get(),
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers });
  } catch {
    throw new ApiFailure(0, 'offline', 'the server cannot be reached');
  }
  if (res.ok) return res;
  let body: { error?: string; message?: string } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // not our error shape (a proxy's page): the status says enough
  }
  throw new ApiFailure(
    res.status,
    body.error ?? 'http_' + res.status,
    body.message ?? res.statusText,
  );
}

export async function getJson<T>(path: string, token?: string): Promise<T> {
  return (await call(path, {}, token ?? session.get())).json() as Promise<T>;
}

export async function sendJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  return (await call(path, init)).json() as Promise<T>;
}

export async function uploadFile<T>(path: string, file: File): Promise<T> {
  const init = {
    method: 'POST',
    body: file,
    headers: { 'content-type': 'application/octet-stream' },
  };
  return (await call(path, init)).json() as Promise<T>;
}

/** A download that needs the bearer header: fetched, then saved through an object URL. */
export async function download(path: string, fileName: string): Promise<void> {
  const blob = await (await call(path)).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
