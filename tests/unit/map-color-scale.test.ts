import { describe, expect, it } from 'vitest';
import {
  classLabel,
  countBreaks,
  metricValue,
  NO_DATA,
  PALETTE,
  scaleFor,
  withAlpha,
} from '../../client/map/color-scale';
import { brief } from './map-fixture';

describe('map colour scales', () => {
  it('closure rate: best class from 98 %, worst below 85 %, class bounds exact', () => {
    const s = scaleFor('closureRate');
    expect(s.colorOf(0.99)).toEqual(PALETTE[0]);
    expect(s.colorOf(0.98)).toEqual(PALETTE[0]);
    expect(s.colorOf(0.9799)).toEqual(PALETTE[1]);
    expect(s.colorOf(0.9)).toEqual(PALETTE[2]);
    expect(s.colorOf(0.85)).toEqual(PALETTE[3]);
    expect(s.colorOf(0.5)).toEqual(PALETTE[4]);
    expect(s.colorOf(0)).toEqual(PALETTE[4]);
  });

  it('satisfaction uses its own breaks (91 % is the seeds’ figure: a middle class)', () => {
    const s = scaleFor('satisfactionRate');
    expect(s.colorOf(0.912)).toEqual(PALETTE[1]);
    expect(s.colorOf(0.96)).toEqual(PALETTE[0]);
    expect(s.colorOf(0.79)).toEqual(PALETTE[4]);
  });

  it('nothing to divide by is "no data", not zero', () => {
    expect(scaleFor('closureRate').colorOf(null)).toEqual(NO_DATA);
    expect(scaleFor('open', [1, 2]).colorOf(undefined)).toEqual(NO_DATA);
    expect(metricValue(undefined, 'open')).toBeNull();
    expect(metricValue(brief({ closureRate: null }), 'closureRate')).toBeNull();
    expect(metricValue(brief({ open: 7 }), 'open')).toBe(7);
  });

  it('open counts: round steps up to the largest value in view, more open = warmer', () => {
    expect(countBreaks([0, 3, 50, null])).toEqual([10, 20, 30, 40]);
    expect(countBreaks([])).toEqual([1, 2, 3, 4]);
    expect(countBreaks([4])).toEqual([1, 2, 3, 4]);
    const s = scaleFor('open', [0, 3, 50]);
    expect(s.colorOf(0)).toEqual(PALETTE[0]);
    expect(s.colorOf(10)).toEqual(PALETTE[1]);
    expect(s.colorOf(45)).toEqual(PALETTE[4]);
    expect(s.colorOf(500)).toEqual(PALETTE[4]);
  });

  it('every value falls in exactly one class (no gaps, no overlaps)', () => {
    for (const metric of ['closureRate', 'satisfactionRate'] as const) {
      const s = scaleFor(metric);
      for (let v = 0; v <= 1.0001; v += 0.0025) {
        const hits = s.classes.filter(
          (c) => (c.min == null || v >= c.min) && (c.max == null || v < c.max),
        );
        expect(hits.length, `${metric} ${v}`).toBe(1);
      }
    }
  });

  it('legend labels read like the classes', () => {
    const rate = scaleFor('closureRate').classes.map((c) => classLabel(c, 'closureRate'));
    expect(rate).toEqual(['≥ 98%', '95–98%', '90–95%', '85–90%', '< 85%']);
    const open = scaleFor('open', [50]).classes.map((c) => classLabel(c, 'open'));
    expect(open).toEqual(['0–9', '10–19', '20–29', '30–39', '≥ 40']);
  });

  it('withAlpha keeps the colour and clamps alpha', () => {
    expect(withAlpha([1, 2, 3, 255], 64)).toEqual([1, 2, 3, 64]);
    expect(withAlpha([1, 2, 3, 255], 999)).toEqual([1, 2, 3, 255]);
    expect(withAlpha([1, 2, 3, 255], -5)).toEqual([1, 2, 3, 0]);
  });
});
