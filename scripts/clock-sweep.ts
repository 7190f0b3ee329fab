// The instants at which the unit and integration suites run again under Debian's `faketime`, so
// that a test which only passes at some hours (as the workflow test did before 2026-11-27) fails
// every time. Each instant is Asia/Shanghai wall-clock time, the screen's calendar; the process
// zone (TZ) varies too, because every window must be a Shanghai day whatever the machine says.
export interface ClockInstant {
  label: string;
  /** The moment the run starts at (ISO with offset); the clock then runs on normally. */
  at: string;
  tz: string;
}

export const CLOCK_SWEEP: readonly ClockInstant[] = [
  // An ordinary hour of the day is the real-clock run's; these are the edges. (A midday instant
  // went when the PostgreSQL pass came in, and the month's end and the new year became one run
  // that crosses both: CI must stay under 25 minutes.)
  { label: 'early morning 06:30', at: '2026-11-27T06:30:00+08:00', tz: 'UTC' },
  // The run crosses midnight, the month's end and the year's end a minute after it starts.
  {
    label: '23:59 on the last day of a year',
    at: '2026-12-31T23:59:00+08:00',
    tz: 'America/Los_Angeles',
  },
];

/**
 * The integration files `npm test` sweeps: those whose figures, windows, deadlines or stored
 * times hang on the calendar (day roll-ups, as-of moments, the workflow's windows, future times,
 * the simulator's daily rhythm, 7-day key expiry, Shanghai dates of imports, the 30-day heat
 * map). `npm run test:clock` sweeps every integration file but SWEEP_EXCLUDES.
 */
export const CALENDAR_FILES = [
  'tests/integration/rollups.test.ts',
  'tests/integration/recount.test.ts',
  'tests/integration/snapshot-as-of.test.ts',
  'tests/integration/ingest-workflow.test.ts',
  'tests/integration/ingest-guards.test.ts',
  'tests/integration/socket-hardening.test.ts',
  'tests/integration/simulator.test.ts',
  'tests/integration/simulator-steady-state.test.ts',
  'tests/integration/idempotency-sweep.test.ts',
  'tests/integration/import.test.ts',
  'tests/integration/dataset-start.test.ts',
  'tests/integration/community-place.test.ts',
  'tests/integration/batch-planned.test.ts',
];

/**
 * Left out of the whole sweep (they run once, on the real clock): these test processes, payloads,
 * headers and tokens, never a day, window or deadline, and each instant would pay for them again
 * (about 3 of CI's 25 minutes). A test that reads the calendar (future times, frozen moments)
 * stays in: ingest-guards and socket-hardening do.
 */
export const SWEEP_EXCLUDES = [
  '**/crash-cycles.test.ts',
  '**/crash.test.ts',
  '**/fuzz-*.test.ts',
  '**/http-hardening.test.ts',
  '**/docs.test.ts',
  '**/token-rotation.test.ts',
  '**/trust-proxy.test.ts',
  '**/group-commit.test.ts',
  '**/import-guards.test.ts',
  '**/cluster.test.ts',
  '**/cluster-limits.test.ts',
  '**/cluster-pg.test.ts',
  '**/change-feed*.test.ts',
  '**/dataset-check.test.ts',
  '**/pg-*.test.ts',
];

/** `faketime -f` offset ("+N" seconds from the real clock) that puts `now` at the instant. */
export function fakeOffset(instant: ClockInstant, now = Date.now()): string {
  const seconds = Math.round((Date.parse(instant.at) - now) / 1000);
  return seconds >= 0 ? `+${seconds}` : `${seconds}`;
}
