// The clock sweep must really put the suites at its instants: a wrong sign or unit in the offset
// would run every sweep at some other hour and hide the bugs it exists to catch.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { CALENDAR_FILES, CLOCK_SWEEP, fakeOffset } from '../../scripts/clock-sweep';

const hasFaketime = spawnSync('faketime', ['-f', '+0', 'true']).status === 0;
// Inside the sweep this process's own clock is already faked, so an offset from it means nothing.
const underSweep = process.env.FAKETIME !== undefined;

describe('clock sweep', () => {
  it('covers early morning and a run across midnight at the end of a year in Asia/Shanghai', () => {
    const hours = CLOCK_SWEEP.map((i) => i.at.slice(11, 16));
    expect(hours).toEqual(expect.arrayContaining(['06:30', '23:59']));
    // A minute before the new year: the run crosses a day, a month and a year while it runs.
    expect(CLOCK_SWEEP.some((i) => i.at.slice(5, 16) === '12-31T23:59')).toBe(true);
    for (const i of CLOCK_SWEEP) expect(i.at.endsWith('+08:00')).toBe(true);
  });

  it('sweeps calendar files that exist (a stale name would sweep nothing)', () => {
    expect(CALENDAR_FILES.length).toBeGreaterThan(5);
    for (const f of CALENDAR_FILES) expect(existsSync(f), f).toBe(true);
  });

  it.skipIf(underSweep || (!hasFaketime && !process.env.CI))('puts a child at each instant', () => {
    for (const instant of CLOCK_SWEEP) {
      const r = spawnSync(
        'faketime',
        [
          '-f',
          fakeOffset(instant),
          process.execPath,
          '-e',
          'process.stdout.write(String(Date.now()))',
        ],
        {
          env: { ...process.env, TZ: instant.tz, FAKETIME_DONT_FAKE_MONOTONIC: '1' },
          encoding: 'utf8',
        },
      );
      const seen = Number(r.stdout);
      // The offset is taken before the child starts, so the child reads the instant plus its own
      // start-up time: a few seconds at most.
      expect(seen - Date.parse(instant.at), instant.label).toBeGreaterThanOrEqual(-1000);
      expect(seen - Date.parse(instant.at), instant.label).toBeLessThan(10_000);
    }
  });
});
