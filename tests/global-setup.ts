// Builds the client once before any test file runs, when browser tests are part of the run,
// so that each e2e file finds a current dist/client and no file pays the build alone.
// Global setup runs in vitest's main process, so its argv holds the CLI's file filters.
import { ensureClientBuild } from '../scripts/ensure-client';

export default async function setup(): Promise<void> {
  const filters = process.argv
    .slice(2)
    .filter((a) => !a.startsWith('-') && a !== 'run' && !a.includes('='));
  const wantsE2e = filters.length === 0 || filters.some((f) => f.includes('e2e'));
  if (wantsE2e) await ensureClientBuild();
}
