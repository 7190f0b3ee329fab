import { describe, expect, it } from 'vitest';
import { WebMercatorViewport } from '@math.gl/web-mercator';
import { fitRegion, paddingFor } from '../../client/map/fit-bounds';
import { fillLevel } from '../../client/map/lod';
import type { Bounds } from '../../client/map/region-index';

const JINNIU: Bounds = [
  [103.950002, 30.66652],
  [104.138106, 30.809946],
];

describe('fitRegion', () => {
  it('fits the bounds inside the padding (clear of the legend) at a district-sized zoom', () => {
    const c = fitRegion(JINNIU, 1920, 1080);
    const pad = paddingFor(1920, 1080);
    const vp = new WebMercatorViewport({ width: 1920, height: 1080, ...c });
    const [x0, y1] = vp.project(JINNIU[0]);
    const [x1, y0] = vp.project(JINNIU[1]);
    expect(x0).toBeGreaterThanOrEqual(pad.left - 1);
    expect(x1).toBeLessThanOrEqual(1920 - pad.right + 1);
    expect(y0).toBeGreaterThanOrEqual(pad.top - 1);
    expect(y1).toBeLessThanOrEqual(1080 - pad.bottom + 1);
    // The legend's side keeps more room than the figures' side.
    expect(pad.left).toBeGreaterThan(pad.right);
    expect(c.latitude).toBeGreaterThan(30.66652);
    expect(c.latitude).toBeLessThan(30.809946);
    expect(c.zoom).toBeGreaterThan(11);
    expect(c.zoom).toBeLessThan(13);
  });

  it('a 4K wall shows the same picture one zoom level closer', () => {
    const hd = fitRegion(JINNIU, 1920, 1080);
    const uhd = fitRegion(JINNIU, 3840, 2160);
    expect(uhd.zoom - hd.zoom).toBeCloseTo(1, 1);
    // Within a pixel: the paddings are whole pixels at either size.
    expect(uhd.longitude).toBeCloseTo(hd.longitude, 4);
  });

  it('a smaller region gets a closer camera; a point gets maxZoom', () => {
    const street: Bounds = [
      [103.96, 30.7],
      [103.99, 30.72],
    ];
    expect(fitRegion(street, 1920, 1080).zoom).toBeGreaterThan(fitRegion(JINNIU, 1920, 1080).zoom);
    expect(
      fitRegion(
        [
          [104, 30.7],
          [104, 30.7],
        ],
        800,
        600,
        { maxZoom: 16 },
      ),
    ).toEqual({ longitude: 104, latitude: 30.7, zoom: 16 });
  });

  it('never throws for a tiny or collapsed container', () => {
    expect(() => fitRegion(JINNIU, 10, 10)).not.toThrow();
    expect(() => fitRegion(JINNIU, 0, 0)).not.toThrow();
    expect(paddingFor(1920, 1080).left).toBeGreaterThan(24);
    expect(() => fitRegion(JINNIU, 100, 100, { padding: 80 })).not.toThrow();
  });
});

describe('the legend corner per language', () => {
  // The map's box on a 1080p wall (between the side panels, above the bottom row).
  const [W, H] = [958, 574];
  const westEdge = (lang: 'zh' | 'en') => {
    const c = fitRegion(JINNIU, W, H, { padding: paddingFor(W, H, false, lang) });
    const vp = new WebMercatorViewport({ width: W, height: H, ...c });
    return { x: vp.project(JINNIU[0])[0]!, zoom: c.zoom };
  };

  it('keeps the wider English legend clear: the district starts further right, a little smaller', () => {
    const zh = westEdge('zh');
    const en = westEdge('en');
    expect(paddingFor(W, H, false, 'en').left).toBeGreaterThan(paddingFor(W, H).left);
    expect(en.x - zh.x).toBeGreaterThan(W * 0.03);
    // Still the same picture: at most 15 % smaller in English.
    expect(2 ** (en.zoom - zh.zoom)).toBeGreaterThan(0.85);
    expect(en.zoom).toBeLessThanOrEqual(zh.zoom);
  });
});

describe('level of detail', () => {
  it('follows the scope, then the zoom past the scope’s fit', () => {
    expect(fillLevel('district', 12, 12)).toBe('street');
    expect(fillLevel('district', 13.3, 12)).toBe('community');
    // No grid briefs at district scope (server/hub/region-briefs.ts): communities at most.
    expect(fillLevel('district', 14.5, 12)).toBe('community');
    expect(fillLevel('street', 14, 14)).toBe('community');
    expect(fillLevel('community', 15, 15)).toBe('grid');
    expect(fillLevel('grid', 18, 16)).toBe('grid');
    // flying from a street back to the district: still zoomed in, but relative to the new fit
    expect(fillLevel('district', 11, 12)).toBe('street');
  });

  it('keeps a scene caption clear: a captioned fit leaves the top 28 % of the map free', () => {
    const plain = paddingFor(960, 560);
    const captioned = paddingFor(960, 560, true);
    expect(captioned.top).toBe(Math.round(560 * 0.28));
    expect(captioned.top).toBeGreaterThan(plain.top);
    expect({ ...captioned, top: plain.top }).toEqual(plain);
  });
});
