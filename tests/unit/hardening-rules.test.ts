// Small rules of the hardening, for all inputs where they must hold: what the log may show, which
// errors the process survives, how a budget refills, which pages may open the socket, and how far
// a public position may move.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { IncomingMessage } from 'node:http';
import { redactUrl } from '../../server/log-redact';
import { verdict } from '../../server/crash-policy';
import { tokenBucket } from '../../server/socket/token-bucket';
import { originAllowed } from '../../server/socket/origin-policy';
import { coarsen } from '../../server/hub/public-position';
import type { RegionIndex } from '../../server/aggregate/region-index';

describe('request log', () => {
  it('never shows a token, whatever else the URL holds', () => {
    fc.assert(
      fc.property(
        fc.webPath(),
        fc.string({ minLength: 1 }).filter((s) => !/[&#]/.test(s)),
        fc.boolean(),
        (path, secret, first) => {
          const q = first ? `?token=${secret}&level=street` : `?level=street&token=${secret}`;
          const out = redactUrl(`${path}${q}`);
          expect(out).toContain('token=[redacted]');
          expect(out).toContain('level=street');
          if (secret.length > 3 && !'[redacted]level=street'.includes(secret))
            expect(out.split('?')[1]).not.toContain(secret);
        },
      ),
    );
    expect(redactUrl('/api/snapshot')).toBe('/api/snapshot');
  });
});

describe('crash policy', () => {
  it('serves on after a peer hung up, exits on the store, the disk and unknown errors', () => {
    const err = (code: string, syscall?: string) =>
      Object.assign(new Error(code), { code, syscall });
    expect(verdict(err('ECONNRESET', 'read'))).toBe('keep-serving');
    expect(verdict(err('EPIPE', 'write'))).toBe('keep-serving');
    expect(verdict(err('ERR_STREAM_PREMATURE_CLOSE'))).toBe('keep-serving');
    expect(verdict(err('SQLITE_IOERR'))).toBe('exit');
    expect(verdict(err('ENOSPC', 'write'))).toBe('exit');
    expect(verdict(err('EPIPE', 'open'))).toBe('exit');
    expect(verdict(new TypeError('x is not a function'))).toBe('exit');
    expect(verdict(undefined)).toBe('exit');
  });
});

describe('token bucket', () => {
  it('lets a burst through, then the refill rate, never more', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2000 }), { maxLength: 300 }), (gaps) => {
        let clock = 0;
        const b = tokenBucket(10, 2, () => clock);
        let passed = 0;
        for (const gap of gaps) {
          clock += gap;
          if (b.take()) passed++;
        }
        expect(passed).toBeLessThanOrEqual(10 + (clock / 1000) * 2);
      }),
    );
  });
});

describe('origin policy', () => {
  const req = (origin: string | undefined, host = 'screen.local:3000') =>
    ({ headers: { origin, host } }) as unknown as IncomingMessage;
  it('allows the page itself, the allow-list and non-browser clients; refuses the rest', () => {
    expect(originAllowed(req('http://screen.local:3000'), [])).toBe(true);
    expect(originAllowed(req(undefined), [])).toBe(true);
    expect(originAllowed(req('https://wall.example.org'), ['https://wall.example.org'])).toBe(true);
    expect(originAllowed(req('https://evil.example'), ['https://wall.example.org'])).toBe(false);
    expect(originAllowed(req('http://screen.local:3001'), [])).toBe(false);
    expect(originAllowed(req('null'), [])).toBe(false);
  });
});

describe('public positions', () => {
  const index = {
    regions: new Map([['g', { center: [104.05, 30.7] }]]),
  } as unknown as RegionIndex;
  it('moves a point by less than one 0.001° cell, onto a shared cell centre', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 103, max: 105, noNaN: true }),
        fc.double({ min: 30, max: 31, noNaN: true }),
        (lon, lat) => {
          const [x, y] = coarsen([lon, lat], 'g', 'cell', index);
          expect(Math.abs(x - lon)).toBeLessThanOrEqual(0.00051);
          expect(Math.abs(y - lat)).toBeLessThanOrEqual(0.00051);
          // Every point of the cell lands on the same spot.
          expect(coarsen([x, y], 'g', 'cell', index)).toEqual([x, y]);
        },
      ),
    );
    expect(coarsen([104.0312, 30.7087], 'g', 'grid', index)).toEqual([104.05, 30.7]);
    expect(coarsen([104.0312, 30.7087], 'g', 'exact', index)).toEqual([104.0312, 30.7087]);
  });
});
