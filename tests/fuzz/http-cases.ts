// Every HTTP route of the server with generators of valid, near-valid and hostile requests, and
// the invariant each answer must hold. The route list mirrors server/routes and server/app.ts
// (docs, static files, the 404 handler); a route added there belongs here too.
import fc from 'fast-check';
import { ADMIN, INGEST } from '../integration/build-app';
import {
  TINY_DISTRICT_ID,
  TINY_STREET_IDS,
  tinyGridIds,
  tinyStations,
} from '../fixtures/tiny-dataset';
import { NON_JSON_NUMBERS, deepJson, hostileValue, nastyString, withProtoKeys } from './hostile';

export interface HttpCase {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** What generated it, for the failure message. */
  kind: string;
}

const GRIDS = tinyGridIds();
const COMMUNITIES = [...new Set(GRIDS.map((g) => g.split('-')[0]!))];
const REGIONS = [TINY_DISTRICT_ID, ...TINY_STREET_IDS, ...COMMUNITIES, ...GRIDS];
const STATIONS = tinyStations().map((f) => (f as { properties: { id: string } }).properties.id);
/** History rows of the tiny dataset and the ids valid creates use, so transitions find targets. */
const PROBLEM_IDS = [
  ...Array.from({ length: 20 }, (_, i) => `H${String(i + 1).padStart(6, '0')}`),
  ...Array.from({ length: 400 }, (_, i) => `fz-${i}`),
];

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
/** A time within the last 40 days, worked out when the case runs (clock-proof). */
const recentIso = fc
  .integer({ min: 0, max: 40 * 24 * 60 })
  .map((min) => new Date(Date.now() - min * 60_000).toISOString());
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const validBodies = {
  problem: fc.record(
    {
      id: pick(PROBLEM_IDS.slice(20)),
      category: pick(['environment', 'property', 'dispute', 'safety', 'parking', 'other']),
      source: pick(['patrol', 'resident', 'hotline', 'property', 'party_member']),
      gridId: pick(GRIDS),
      reportedAt: recentIso,
      description: fc.string({ maxLength: 60 }),
      reporter: fc.record({ name: fc.string({ maxLength: 10 }) }),
    },
    { requiredKeys: ['id', 'category', 'source', 'gridId'] },
  ),
  problemAt: fc.record({
    id: pick(PROBLEM_IDS.slice(20)),
    category: pick(['safety', 'other']),
    source: pick(['patrol', 'hotline']),
    position: fc.tuple(
      fc.double({ min: 103.99, max: 104.05, noNaN: true }),
      fc.double({ min: 30.69, max: 30.73, noNaN: true }),
    ),
  }),
  /** Placed at its community only (未落网格). */
  problemInCommunity: fc.record({
    id: pick(PROBLEM_IDS.slice(20)),
    category: pick(['property', 'other']),
    source: pick(['hotline', 'resident']),
    communityId: pick(COMMUNITIES),
  }),
  transition: fc.record(
    {
      stage: pick(['called', 'responding', 'handled', 'closed']),
      tier: pick(['grid', 'community', 'street', 'district']),
      at: recentIso,
      note: fc.string({ maxLength: 30 }),
    },
    { requiredKeys: ['stage'] },
  ),
  rating: fc.oneof(
    fc.record({ rating: pick(['satisfied', 'basically_satisfied', 'unsatisfied']) }),
    fc.record({ stars: fc.integer({ min: 1, max: 5 }) }),
  ),
  volunteer: fc.record({
    id: fc.nat(600).map((n) => `fz-v-${n}`),
    regionId: pick(REGIONS),
    hours: fc.double({ min: 0.1, max: 24, noNaN: true }),
    at: maybe(recentIso),
  }),
  party: fc.record({ id: fc.nat(600).map((n) => `fz-p-${n}`), regionId: pick(REGIONS) }),
  visit: fc.record({ id: fc.nat(600).map((n) => `fz-s-${n}`), stationId: pick(STATIONS) }),
};

const batchRecord = fc.oneof(
  validBodies.problem.map((data) => ({ type: 'problem', data })),
  validBodies.problemInCommunity.map((data) => ({ type: 'problem', data })),
  fc
    .tuple(pick(PROBLEM_IDS), validBodies.transition, maybe(fc.string({ maxLength: 20 })))
    .map(([problemId, data, idempotencyKey]) => ({
      type: 'transition',
      problemId,
      data,
      idempotencyKey,
    })),
  fc
    .tuple(pick(PROBLEM_IDS), validBodies.rating)
    .map(([problemId, data]) => ({ type: 'rating', problemId, data })),
  validBodies.volunteer.map((data) => ({ type: 'volunteer', data })),
  validBodies.party.map((data) => ({ type: 'party_report', data })),
  validBodies.visit.map((data) => ({ type: 'station_visit', data })),
  fc.record({ type: nastyString, data: hostileValue }),
);
const batchBody = fc.record({ records: fc.array(batchRecord, { minLength: 1, maxLength: 40 }) });

/** One field of a valid object replaced, dropped, or a stranger added. */
function nearValid(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.nat(), fc.constantFrom('replace', 'drop', 'add'), hostileValue)
    .map(([v, i, how, junk]) => {
      const keys = Object.keys(v);
      const key = keys[i % Math.max(1, keys.length)] ?? 'id';
      const out: Record<string, unknown> = { ...v };
      if (how === 'replace') out[key] = junk;
      else if (how === 'drop') delete out[key];
      else out[`x${i % 7}`] = junk;
      return out;
    });
}

/** A body as text: JSON of a valid, near-valid or hostile value, or raw text JSON can't be. */
function bodyText(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<string> {
  const json = (a: fc.Arbitrary<unknown>) => a.map((v) => JSON.stringify(v) ?? 'null');
  return fc.oneof(
    { weight: 5, arbitrary: json(valid) },
    { weight: 5, arbitrary: json(nearValid(valid)) },
    { weight: 2, arbitrary: json(hostileValue) },
    { weight: 1, arbitrary: json(valid).map(withProtoKeys) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(json(valid), pick(NON_JSON_NUMBERS))
        .map(([j, n]) => j.replace(/:(\s*)("[^"]*"|[\d.]+)/, `:$1${n}`)),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(10, 1_000, 10_000, 100_000), fc.constantFrom('array', 'object'))
        .map(([d, k]) => (k === 'array' ? `{"id":${deepJson(d)}}` : deepJson(d, 'object'))),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '{',
        '{"id":',
        '[1,2',
        'null',
        '"str"',
        '42',
        '\uFEFF{}',
        '{"a":1}{"b":2}',
        '{"id":"\\ud800"}',
        '{"id":"\\u0000"}',
        `{"id":"${'z'.repeat(2_000_000)}"}`,
      ),
    },
  );
}

const RAW_QUERY_TAILS = [
  '',
  '?',
  '?&&&',
  '?a=1&a=2&a=3',
  '?__proto__[polluted]=yes',
  '?constructor[prototype][polluted]=yes',
  '?level=district&level=street',
  '?id=%E0%A4%A',
  '?id=%00',
  '?at=%2B275760-09-13T00%3A00%3A00.000Z',
  `?id=${'q'.repeat(10_000)}`,
  '?token=',
];

/** A query string: valid keys with valid or hostile values, odd encodings, repeats. */
function queryString(valid: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const entries = Object.entries(valid).map(([k, v]) =>
    fc.option(fc.tuple(fc.constant(k), fc.oneof(v, nastyString)), { nil: undefined }),
  );
  const built = fc
    .tuple(fc.tuple(...entries), fc.array(fc.tuple(nastyString, nastyString), { maxLength: 2 }))
    .map(([known, extra]) => {
      const pairs = [...known.filter((p) => p !== undefined), ...extra] as Array<[string, string]>;
      if (pairs.length === 0) return '';
      return '?' + pairs.map(([k, v]) => `${safeEncode(k)}=${safeEncode(v)}`).join('&');
    });
  return fc.oneof({ weight: 4, arbitrary: built }, { weight: 1, arbitrary: pick(RAW_QUERY_TAILS) });
}

/** encodeURIComponent throws on lone surrogates: send those as raw (broken) percent bytes. */
function safeEncode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s.replace(/[\uD800-\uDFFF]/g, '%ED%A0%80').replace(/[^\x21-\x7e]/g, '_');
  }
}

interface Route {
  method: string;
  /** Path template; ':x' segments are filled by `params`. */
  path: string;
  params?: Record<string, fc.Arbitrary<string>>;
  query?: Record<string, fc.Arbitrary<string>>;
  body?: fc.Arbitrary<Record<string, unknown>>;
  auth?: 'ingest' | 'admin';
}

const problemIdParam = fc.oneof(pick(PROBLEM_IDS), nastyString);

const ROUTES: Route[] = [
  { method: 'GET', path: '/api/health' },
  { method: 'GET', path: '/api/geo' },
  {
    method: 'GET',
    path: '/api/snapshot',
    query: {
      level: pick(['district', 'street', 'community', 'grid']),
      id: pick(REGIONS),
      at: fc.oneof(recentIso, pick(['2026-11-01', '2026-11-20T12:00:00+08:00'])),
    },
  },
  { method: 'GET', path: '/api/heat' },
  { method: 'GET', path: '/api/problems/:id', params: { id: problemIdParam } },
  {
    method: 'GET',
    path: '/api/scenes/:name',
    params: { name: fc.oneof(pick(['tour', 'briefing']), nastyString) },
  },
  { method: 'POST', path: '/api/admin/recount', auth: 'admin' },
  {
    method: 'POST',
    path: '/api/problems',
    body: fc.oneof(validBodies.problem, validBodies.problemAt, validBodies.problemInCommunity),
    auth: 'ingest',
  },
  {
    method: 'POST',
    path: '/api/problems/:id/transitions',
    params: { id: problemIdParam },
    body: validBodies.transition,
    auth: 'ingest',
  },
  {
    method: 'POST',
    path: '/api/problems/:id/rating',
    params: { id: problemIdParam },
    body: validBodies.rating,
    auth: 'ingest',
  },
  { method: 'POST', path: '/api/volunteer-checkins', body: validBodies.volunteer, auth: 'ingest' },
  { method: 'POST', path: '/api/party-reports', body: validBodies.party, auth: 'ingest' },
  { method: 'POST', path: '/api/station-visits', body: validBodies.visit, auth: 'ingest' },
  { method: 'POST', path: '/api/batch', body: batchBody, auth: 'ingest' },
  { method: 'GET', path: '/docs' },
  { method: 'GET', path: '/docs/json' },
  { method: 'GET', path: '/docs/yaml' },
  {
    method: 'GET',
    path: '/docs/static/:file',
    params: {
      file: fc.oneof(
        pick(['index.html', 'swagger-ui.css', 'swagger-initializer.js', '..%2f..%2fpackage.json']),
        nastyString,
      ),
    },
  },
  // The built screen (a stand-in index.html and asset): static files and the page fallback.
  {
    method: 'GET',
    path: '/:file',
    params: {
      file: fc.oneof(
        pick([
          '',
          'index.html',
          'assets/app.js',
          'assets/..%2f..%2fpackage.json',
          '?mode=briefing',
        ]),
        nastyString,
      ),
    },
  },
  { method: 'GET', path: '/api/:nothing', params: { nothing: nastyString } },
];

const OTHER_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'];

/** Ways a path can be written that a naive prefix check reads differently from the router. */
const PATH_VARIANTS: Array<(p: string) => string> = [
  (p) => p.replace('/api/', '/%61pi/'),
  (p) => p.replace('/api/', '/%2561pi/'),
  (p) => p.replace('/api/', '/API/'),
  (p) => p.replace('/api/', '//api/'),
  (p) => p.replace('/api/', '/api//'),
  (p) => p.replace('/api/', '/./api/'),
  (p) => p.replace('/api/', '/x/../api/'),
  (p) => `${p}/`,
  (p) => `${p};jsessionid=1`,
  (p) => `${p}%00`,
  (p) => `${p}#frag`,
];

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/json, text/plain',
  ';;;',
];

const latin1 = fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, '?'));
const authHeader = fc.oneof(
  { weight: 6, arbitrary: fc.constant(`Bearer ${INGEST}`) },
  { weight: 2, arbitrary: fc.constant(`Bearer ${ADMIN}`) },
  { weight: 1, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'Bearer',
      'Bearer ',
      `bearer   ${INGEST}   `,
      `Basic ${INGEST}`,
      `Bearer ${INGEST}x`,
      `Bearer ${'t'.repeat(8_000)}`,
      'Bearer \u00ff\u00fe',
    ),
  },
  { weight: 1, arbitrary: latin1 },
);

const headers = (route: Route) =>
  fc
    .record(
      {
        authorization: route.auth ? authHeader : fc.oneof(fc.constant(''), authHeader),
        'content-type': fc.oneof(
          { weight: 6, arbitrary: fc.constant('application/json') },
          { weight: 2, arbitrary: pick(CONTENT_TYPES) },
        ),
        'idempotency-key': fc.oneof(
          fc.string({ maxLength: 20 }).map((s) => s.replace(/[^\x21-\x7e]/g, ':')),
          fc.constantFrom('a:b', 'x'.repeat(201), ':::'),
        ),
        'x-forwarded-for': fc.constantFrom('1.2.3.4', 'unknown', '::1, 10.0.0.1', ''),
        accept: fc.constantFrom('*/*', 'text/html', 'application/json', ''),
        origin: fc.constantFrom('http://evil.example', 'null'),
      },
      { requiredKeys: ['content-type'] },
    )
    .map((h) => {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(h)) if (v) out[k] = v;
      if (route.body && route.auth && h.authorization === undefined)
        out.authorization = `Bearer ${route.auth === 'admin' ? ADMIN : INGEST}`;
      return out;
    });

function filledPath(route: Route): fc.Arbitrary<string> {
  const names = Object.keys(route.params ?? {});
  if (names.length === 0) return fc.constant(route.path);
  return fc.tuple(...names.map((n) => route.params![n]!)).map((vals) =>
    names.reduce((p, n, i) => {
      const v = vals[i]!;
      // Values meant as paths (static files) go in as they are; the rest are one segment.
      const seg = n === 'file' ? v.replace(/[^\x21-\x7e]/g, (c) => safeEncode(c)) : safeEncode(v);
      return p.replace(`:${n}`, seg);
    }, route.path),
  );
}

function routeCase(route: Route): fc.Arbitrary<HttpCase> {
  return fc
    .record({
      path: filledPath(route),
      query: route.query
        ? queryString(route.query)
        : fc.oneof(fc.constant(''), pick(RAW_QUERY_TAILS)),
      headers: headers(route),
      body: route.body
        ? fc.option(bodyText(route.body), { freq: 8, nil: undefined })
        : fc.constant(undefined),
      // Mostly the route's own method; sometimes another (HEAD, OPTIONS…) or a rewritten path.
      method: fc.oneof(
        { weight: 8, arbitrary: fc.constant(route.method) },
        { weight: 2, arbitrary: pick(OTHER_METHODS) },
      ),
      variant: fc.option(fc.nat(PATH_VARIANTS.length - 1), { freq: 6, nil: undefined }),
    })
    .map(({ path, query, headers: h, body, method, variant }) => {
      const p = variant === undefined ? path : PATH_VARIANTS[variant]!(path);
      const url = p.includes('?') ? p + query.replace(/^\?/, '&') : p + query;
      const c: HttpCase = { method, url, headers: h, kind: `${route.method} ${route.path}` };
      if (body !== undefined && method !== 'GET' && method !== 'HEAD') c.payload = body;
      return c;
    });
}

/** Any request to any route, routes weighted equally. */
export const httpCase: fc.Arbitrary<HttpCase> = fc.oneof(...ROUTES.map(routeCase));

/**
 * What every answer must be: below 500, and at 4xx the one error shape. null when it holds,
 * else what is wrong.
 */
export function answerProblem(
  c: HttpCase,
  res: { statusCode: number; body: string; headers: Record<string, unknown> },
): string | null {
  if (res.statusCode >= 500) return `${res.statusCode}: ${res.body.slice(0, 300)}`;
  if (res.statusCode < 400 || c.method === 'HEAD') return null;
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return `${res.statusCode} answered with a body that is not JSON: ${res.body.slice(0, 200)}`;
  }
  const b = body as Record<string, unknown>;
  if (!b || typeof b !== 'object' || Array.isArray(b))
    return `${res.statusCode} body is not an object`;
  if (typeof b.error !== 'string' || typeof b.message !== 'string' || b.message.length === 0)
    return `${res.statusCode} body lacks string error/message: ${res.body.slice(0, 200)}`;
  const extra = Object.keys(b).filter((k) => !['error', 'message', 'details'].includes(k));
  if (extra.length)
    return `${res.statusCode} body has keys beyond the error shape: ${extra.join(', ')}`;
  return null;
}
