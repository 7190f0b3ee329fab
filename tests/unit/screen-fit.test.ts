import { describe, expect, it } from 'vitest';
import { computeFit } from '../../client/screen/fit';
import { arrange, placedPanels, PANEL_IDS } from '../../client/screen/arrange';

describe('computeFit', () => {
  it('1920×1080 is the design: 16 px rem, one column per side', () => {
    const f = computeFit(1920, 1080);
    expect(f.rem).toBe(16);
    expect(f.columnsPerSide).toBe(1);
    expect(f.widthRem).toBe(120);
    expect(f.heightRem).toBe(67.5);
  });

  it('4K is the same layout at twice the type size (not a bitmap zoom)', () => {
    const f = computeFit(3840, 2160);
    expect(f.rem).toBe(32);
    expect(f.columnsPerSide).toBe(1);
    expect(f.widthRem).toBe(120);
  });

  it('a 3840×1080 splice wall keeps 1080p type and spreads two columns per side', () => {
    const f = computeFit(3840, 1080);
    expect(f.rem).toBe(16);
    expect(f.columnsPerSide).toBe(2);
    expect(f.widthRem).toBe(240);
    // Side columns leave the map at least a third of the wall.
    expect(240 - 4 * f.columnRem).toBeGreaterThan(80);
  });

  it('a 5760×1080 splice wall gets three columns per side', () => {
    const f = computeFit(5760, 1080);
    expect(f.rem).toBe(16);
    expect(f.columnsPerSide).toBe(3);
    expect(f.columnRem).toBeLessThanOrEqual(40);
    expect(360 - 6 * f.columnRem).toBeGreaterThan(120);
  });

  it('7680×2160 (two rows of 3840×1080 cells) is the 3840×1080 layout doubled', () => {
    const f = computeFit(7680, 2160);
    expect(f.rem).toBe(32);
    expect(f.columnsPerSide).toBe(2);
  });

  it('scales by the tighter dimension on other screens (1366×768, 16:10, 4:3)', () => {
    expect(computeFit(1366, 768).rem).toBeCloseTo((768 / 1080) * 16, 2);
    expect(computeFit(1920, 1200).rem).toBe(16);
    expect(computeFit(1024, 768).rem).toBeCloseTo((1024 / 1920) * 16, 2);
    expect(computeFit(2560, 1080).columnsPerSide).toBe(1); // 2.37: still one column
  });

  it('never collapses: zero or tiny windows keep a readable floor', () => {
    const f = computeFit(0, 0);
    expect(f.rem).toBeGreaterThanOrEqual(8);
    expect(Number.isFinite(f.widthRem)).toBe(true);
  });
});

describe('arrange', () => {
  it('shows each panel at most once, and the core panels on every wall', () => {
    for (const n of [1, 2, 3] as const) {
      const ids = placedPanels(arrange(n));
      expect(new Set(ids).size).toBe(ids.length);
      for (const core of ['trend', 'category', 'source', 'tier', 'ranking', 'volunteers'])
        expect(ids).toContain(core);
      expect(ids).toContain('ticker');
      expect(ids).toContain('stations');
    }
  });

  it('splice walls show every panel', () => {
    for (const n of [2, 3] as const)
      expect(new Set(placedPanels(arrange(n)))).toEqual(new Set(PANEL_IDS));
  });

  it('has the column count it was asked for and equal row totals (consistent panel heights)', () => {
    for (const n of [1, 2, 3] as const) {
      const a = arrange(n);
      expect(a.left).toHaveLength(n);
      expect(a.right).toHaveLength(n);
      const totals = [...a.left, ...a.right].map((c) => c.reduce((s, x) => s + x.rows, 0));
      expect(new Set(totals).size).toBe(1);
    }
  });
});
