// X-Forwarded-For is only believed from configured proxies: by default a client can't get a fresh
// rate-limit bucket per request by making up addresses.
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, post, auth, type TestApp } from './build-app';
import { tinyGridIds } from '../fixtures/tiny-dataset';
import { configFromEnv } from '../../server/config';

let t: TestApp;
afterEach(async () => t?.close());

const problem = (id: string) => ({
  id,
  category: 'environment',
  source: 'patrol',
  gridId: tinyGridIds()[0],
});
const from = (ip: string) => ({ ...auth, 'x-forwarded-for': ip });

async function codes(app: TestApp['app'], prefix: string) {
  const out: number[] = [];
  for (const [i, ip] of ['203.0.113.1', '203.0.113.2', '203.0.113.3'].entries())
    out.push((await post(app, '/api/problems', problem(`${prefix}-${i}`), from(ip))).statusCode);
  return out;
}

describe('TRUST_PROXY', () => {
  it('by default counts writes with different X-Forwarded-For from one client together', async () => {
    t = await buildTestApp({ env: { RATE_LIMIT_PER_MINUTE: '2' } });
    expect(t.config.trustProxy).toBe(false);
    expect(await codes(t.app, 'xff')).toEqual([201, 201, 429]);
  });

  it('believes X-Forwarded-For from a listed proxy', async () => {
    // app.inject comes from 127.0.0.1: listing it makes the forwarded address the client.
    t = await buildTestApp({ env: { RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '127.0.0.1' } });
    expect(t.config.trustProxy).toEqual(['127.0.0.1']);
    expect(await codes(t.app, 'px')).toEqual([201, 201, 201]);
  });

  it('reads true, a comma list, and refuses a malformed entry by name', () => {
    expect(configFromEnv({}).trustProxy).toBe(false);
    expect(configFromEnv({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(configFromEnv({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,::1' }).trustProxy).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
    ]);
    expect(() => configFromEnv({ TRUST_PROXY: '10.0.0.1,proxy.local' })).toThrow(
      /TRUST_PROXY.*"proxy\.local"/,
    );
    expect(() => configFromEnv({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
  });
});
