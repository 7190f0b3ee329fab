import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../server/dataset/load';
import { dueAt } from '../../server/metrics/due';
import { TINY_DISTRICT_ID, tinyGridIds, writeTinyDataset } from '../fixtures/tiny-dataset';

const countBy = <T>(xs: T[], key: (x: T) => string) =>
  xs.reduce<Record<string, number>>((acc, x) => ((acc[key(x)] = (acc[key(x)] ?? 0) + 1), acc), {});

describe('loadDataset', () => {
  it('reads the tiny fixture into typed rows (numbers, positions, nulls)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiny-'));
    try {
      await writeTinyDataset(dir);
      const ds = await loadDataset(dir);
      expect(ds.manifest.districtCode).toBe(TINY_DISTRICT_ID);
      expect(ds.figures.map((f) => f.gridId).sort()).toEqual(tinyGridIds().sort());
      expect(ds.figures.every((f) => Number.isInteger(f.households) && f.households > 0)).toBe(
        true,
      );
      expect(ds.history).toHaveLength(20);
      for (const h of ds.history) {
        expect(h.position.every(Number.isFinite)).toBe(true);
        expect(h.closedAt === null || typeof h.closedAt === 'string').toBe(true);
        expect(h.closedAt).not.toBe('');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads the committed 金牛区 data: 1 + 13 + 90 and grids of 300–500 households', async () => {
    const ds = await loadDataset('data/jinniu');
    const levels = countBy(ds.regions.features, (f) => f.properties.level);
    expect(levels).toMatchObject({ district: 1, street: 13, community: 90 });
    expect(levels.grid).toBe(ds.figures.length);
    for (const f of ds.figures) {
      expect(f.households, f.gridId).toBeGreaterThanOrEqual(300);
      expect(f.households, f.gridId).toBeLessThanOrEqual(500);
    }
    const gridIds = new Set(
      ds.regions.features.filter((f) => f.properties.level === 'grid').map((f) => f.properties.id),
    );
    expect(ds.history.every((h) => gridIds.has(h.gridId))).toBe(true);
    expect(ds.manifest.datum).toBe('WGS84');
  });

  it('gives every past problem of 金牛区 the due time of the server’s one deadline rule', async () => {
    const ds = await loadDataset('data/jinniu');
    const off = ds.history.filter(
      (h) => Date.parse(h.dueAt) !== dueAt(h.category, Date.parse(h.reportedAt)),
    );
    expect(ds.history.length).toBeGreaterThan(10_000);
    expect(off.map((h) => h.id)).toEqual([]);
  });
});
