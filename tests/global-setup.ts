// Builds the client once before any test file runs, when browser tests are part of the run,
// so that each e2e file finds a current dist/client and no file pays the build alone.
import type { TestProject } from 'vitest/node';
import { ensureClientBuild } from '../scripts/ensure-client';

export default async function setup(project: TestProject): Promise<void> {
  const filters = project.vitest.config.filters ?? [];
  const wantsE2e = filters.length === 0 || filters.some((f) => f.includes('e2e'));
  if (wantsE2e) await ensureClientBuild();
}
