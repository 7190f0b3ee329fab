// The counts of an import as it runs (the API payload types are in shared/admin-api.ts).
import type { Counts } from '../../shared/admin-api';

export type { Counts, ImportDoc } from '../../shared/admin-api';

export const emptyCounts = (): Counts => ({
  accepted: 0,
  duplicates: 0,
  skippedBlank: 0,
  rejected: {},
});

export const addReason = (c: Counts, reason: string, n = 1) => {
  c.rejected[reason] = (c.rejected[reason] ?? 0) + n;
};

export const totalRejected = (c: Counts) => Object.values(c.rejected).reduce((a, b) => a + b, 0);
