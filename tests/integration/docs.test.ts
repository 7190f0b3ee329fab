// The API documentation is served by the server itself (offline): the page, its assets, and an
// OpenAPI document that lists the write routes with their schemas.
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './build-app';

let t: TestApp;
afterEach(async () => t?.close());

interface OpenApi {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: {
          content: Record<string, { schema: { properties: Record<string, unknown> } }>;
        };
        responses?: Record<string, { content?: Record<string, { schema: unknown }> }>;
      }
    >
  >;
}

describe('/docs', () => {
  it('serves the page offline and an OpenAPI document with the write routes', async () => {
    t = await buildTestApp();
    const page = await t.app.inject({ url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<!DOCTYPE html>');
    expect(page.body).toContain('swagger-ui');
    const bundle = await t.app.inject({ url: '/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.body.length).toBeGreaterThan(100_000);

    const doc = await t.app.inject({ url: '/docs/json' });
    expect(doc.statusCode).toBe(200);
    const api = doc.json<OpenApi>();
    expect(api.openapi).toMatch(/^3\./);
    const create = api.paths['/api/problems']?.post;
    expect(create).toBeDefined();
    const body = create!.requestBody!.content['application/json']!.schema;
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining(['id', 'category', 'source', 'gridId', 'position']),
    );
    expect(Object.keys(api.paths)).toEqual(
      expect.arrayContaining(['/api/problems/{id}/transitions', '/api/batch']),
    );
    expect(JSON.stringify(api.paths['/api/batch'])).toContain('idempotencyKey');
  });

  it('declares a success answer and the one error shape for every route', async () => {
    t = await buildTestApp();
    const api = (await t.app.inject({ url: '/docs/json' })).json<OpenApi>();
    const routes = Object.entries(api.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ route: `${method} ${path}`, op })),
    );
    expect(routes.length).toBeGreaterThanOrEqual(12);
    for (const { route, op } of routes) {
      const codes = Object.keys(op.responses ?? {});
      expect(
        codes.some((c) => /^2/.test(c)),
        route,
      ).toBe(true);
      const err = JSON.stringify(op.responses?.['4XX']?.content?.['application/json']?.schema);
      expect(err, route).toContain('"error"');
      expect(err, route).toContain('"message"');
    }
  });

  // fast-json-stringify writes a union by validating each value against its branches with ajv,
  // compiled at the first answer that holds one: 43-47 ms on the event loop for an import's doc
  // (bench:scale's import of the loaded database saw the loop held 53 ms). `nullable` and plain
  // objects it writes itself.
  it('answers with schemas that need no validation to be written: no anyOf, oneOf or if', async () => {
    t = await buildTestApp();
    const api = (await t.app.inject({ url: '/docs/json' })).json<OpenApi>();
    let checked = 0;
    for (const [path, methods] of Object.entries(api.paths))
      for (const [method, op] of Object.entries(methods))
        for (const [code, r] of Object.entries(op.responses ?? {})) {
          const schema = JSON.stringify(r.content ?? {});
          expect(schema, `${method} ${path} ${code}`).not.toMatch(/"(anyOf|oneOf|if)":/);
          checked++;
        }
    expect(checked).toBeGreaterThan(30);
    // What the unions became still says what it is.
    const batch = JSON.stringify(api.paths['/api/batch']?.post?.responses?.['200']);
    expect(batch).toContain('"message"');
    expect(JSON.stringify(api.paths['/api/imports/{id}']?.get?.responses?.['200'])).toContain(
      '"nullable":true',
    );
  });
});
