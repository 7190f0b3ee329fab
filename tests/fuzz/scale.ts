// How big a fuzz or fault run is. `npm test` runs the small seed-pinned default; `npm run
// test:fuzz` / `test:faults` set the env vars to the full sizes. A failing run prints its seed:
// FUZZ_SEED=<seed> reproduces it.
const int = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

/** HTTP cases; socket messages per event are a fifth of it (10,000 → 2,000). */
export const HTTP_RUNS = int('FUZZ_RUNS', 300);
export const SOCKET_RUNS = Math.ceil(HTTP_RUNS / 5);
export const SEED = int('FUZZ_SEED', 20261127);
export const FAULT_CYCLES = int('FAULT_CYCLES', 5);
/** Per-test timeout that grows with the run size. */
export const timeoutFor = (runs: number, msPerRun: number) => 60_000 + runs * msPerRun;
