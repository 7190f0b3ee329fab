// The layer builders, given geo + view + state: which layers, with which data and props.
import { describe, expect, it } from 'vitest';
import type { Layer } from '@deck.gl/core';
import { baseLayers, labelLayers, liveLayers, type BaseInput } from '../../client/map/layers';
import { HEAT_LAYER_ID } from '../../client/map/layers/heat-layer';
import { LABEL_LAYER_ID } from '../../client/map/layers/label-layer';
import { PULSE_LAYER_IDS } from '../../client/map/layers/pulse-layer';
import { REGION_LAYER_IDS, fillParent } from '../../client/map/layers/region-layer';
import { STATION_LAYER_IDS } from '../../client/map/layers/station-layer';
import { ARC_LAYER_ID } from '../../client/map/layers/arc-layer';
import { mapStyle } from '../../client/map/map-style';
import { emptyPulses, updatePulses } from '../../client/map/pulse-buffer';
import { regionIndex } from '../../client/map/region-index';
import { layerFlags } from '../../client/map/visible-layers';
import { TINY_DISTRICT_ID } from '../fixtures/tiny-dataset';
import { brief, event, tinyGeo, tinyView } from './map-fixture';

const geo = tinyGeo();
const view = tinyView(geo, [event()]);
const base = (over: Partial<BaseInput> = {}): BaseInput => ({
  geo,
  view,
  scope: { level: 'district', id: TINY_DISTRICT_ID },
  metric: 'closureRate',
  level: 'street',
  heat: [],
  flags: layerFlags({ showHeatmap: false, showArcs: true }),
  uiScale: 1,
  ...over,
});
const ids = (layers: Layer[]) => layers.map((l) => l.id);
const byId = (layers: Layer[], id: string) => layers.find((l) => l.id === id)!;
type Props = Record<string, unknown> & { data: unknown[]; updateTriggers: Record<string, unknown> };
const props = (l: Layer) => l.props as unknown as Props;

describe('base layers', () => {
  it('district scope: street fills, stations (halo + core), event dots; stable ids', () => {
    const layers = baseLayers(base());
    expect(ids(layers)).toEqual([
      REGION_LAYER_IDS.fill,
      STATION_LAYER_IDS.halo,
      STATION_LAYER_IDS.core,
      PULSE_LAYER_IDS.dots,
    ]);
    const fill = props(byId(layers, REGION_LAYER_IDS.fill));
    expect(fill.data.map((f) => (f as { properties: { level: string } }).properties.level)).toEqual(
      ['street', 'street'],
    );
    expect(fill.stroked).toBe(false); // borders are maplibre's (cheap frames)
    expect(fill.pickable).toBe(true);
  });

  it('the same input gives the same data arrays (no re-tessellation per delta)', () => {
    const a = props(byId(baseLayers(base()), REGION_LAYER_IDS.fill));
    const b = props(byId(baseLayers(base({ view: tinyView(geo) })), REGION_LAYER_IDS.fill));
    expect(a.data).toBe(b.data);
  });

  it('colours follow the metric and the briefs through updateTriggers', () => {
    const a = props(byId(baseLayers(base()), REGION_LAYER_IDS.fill));
    const v2 = { ...view, regions: { ...view.regions, '999901001': brief({ closureRate: 0.5 }) } };
    const b = props(byId(baseLayers(base({ view: v2 })), REGION_LAYER_IDS.fill));
    const c = props(byId(baseLayers(base({ metric: 'open' })), REGION_LAYER_IDS.fill));
    const trig = (p: Props) => p.updateTriggers.getFillColor as unknown[];
    expect(trig(a)).not.toEqual(trig(b));
    expect(trig(a)[0]).toBe('closureRate');
    expect(trig(c)[0]).toBe('open');
    const color = (p: Props, id: string) =>
      (p.getFillColor as (f: unknown) => number[])(
        p.data.find((f) => (f as { properties: { id: string } }).properties.id === id),
      );
    expect(color(b, '999901001')).not.toEqual(color(a, '999901001'));
    expect(color(a, '999901001')[3]).toBeLessThan(128); // subtle fills
  });

  it('street scope: its communities filled, the district’s streets as a clickable backdrop', () => {
    const layers = baseLayers(
      base({ scope: { level: 'street', id: '999901001' }, level: 'community' }),
    );
    expect(ids(layers).slice(0, 2)).toEqual([REGION_LAYER_IDS.backdrop, REGION_LAYER_IDS.fill]);
    const fill = props(byId(layers, REGION_LAYER_IDS.fill));
    expect(fill.data.map((f) => (f as { properties: { id: string } }).properties.id)).toEqual([
      '999901001001',
      '999901001002',
    ]);
    expect(props(byId(layers, REGION_LAYER_IDS.backdrop)).pickable).toBe(true);
  });

  it('a grid scope shows its sibling grids', () => {
    const idx = regionIndex(geo);
    expect(fillParent(idx, { level: 'grid', id: '999901001001-G01' })).toBe('999901001001');
    expect(idx.features('grid', '999901001001')).toHaveLength(2);
  });

  it('layer switches: heat when on (and data), nothing of a layer that is off', () => {
    const on = baseLayers(
      base({ heat: [[104, 30.7]], flags: layerFlags({ showHeatmap: true, showArcs: false }) }),
    );
    expect(ids(on)).toContain(HEAT_LAYER_ID);
    const empty = baseLayers(base({ flags: layerFlags({ showHeatmap: true, showArcs: true }) }));
    expect(ids(empty)).not.toContain(HEAT_LAYER_ID);
  });
});

describe('labels', () => {
  it('one TextLayer, system CJK font, a fixed character set from all place names', () => {
    const [label] = labelLayers(base());
    expect(label!.id).toBe(LABEL_LAYER_ID);
    const p = props(label!);
    expect(String(p.fontFamily)).toContain('Noto Sans CJK SC');
    const chars = p.characterSet as string[];
    for (const c of '测试1街道社区网格邻') expect(chars).toContain(c);
    expect(p.extensions).toHaveLength(1); // collision filter
    // same geo → the same array (the font atlas is built once)
    expect(props(labelLayers(base({ level: 'community' }))[0]!).characterSet).toBe(chars);
  });
});

describe('live layers', () => {
  it('per frame only pulses and arcs change, keyed on the frame time', () => {
    const whistle = event({ kind: 'escalated', target: [104.05, 30.75] });
    const buf = updatePulses(emptyPulses(), [event(), whistle], 0);
    const flags = layerFlags({ showHeatmap: false, showArcs: true });
    const a = liveLayers(buf.pulses, 100, flags, 1);
    const b = liveLayers(buf.pulses, 116, flags, 1);
    expect(ids(a)).toEqual([ARC_LAYER_ID, PULSE_LAYER_IDS.rings, PULSE_LAYER_IDS.flash]);
    expect(props(a[1]!).data).toBe(props(b[1]!).data);
    expect(props(a[1]!).updateTriggers.getRadius).toBe(100);
    expect(props(b[1]!).updateTriggers.getRadius).toBe(116);
    expect(props(a[0]!).data).toHaveLength(1);
    const noArcs = liveLayers(
      buf.pulses,
      100,
      layerFlags({ showHeatmap: false, showArcs: false }),
      1,
    );
    expect(ids(noArcs)).not.toContain(ARC_LAYER_ID);
  });
});

describe('maplibre base style', () => {
  it('is fully local: no URL, no glyphs, no sprite, no symbol layers', () => {
    const s = mapStyle(geo, 1, { level: 'community', scope: { level: 'street', id: '999901001' } });
    const json = JSON.stringify(s);
    expect(json).not.toMatch(/https?:|mapbox:|\/\//);
    expect(s.glyphs).toBeUndefined();
    expect(s.sprite).toBeUndefined();
    expect(s.layers.some((l) => l.type === 'symbol')).toBe(false);
    expect(s.layers.map((l) => l.id)).toContain('district-glow');
    const glow = s.layers.find((l) => l.id === 'scope-glow') as { filter: unknown[] };
    expect(glow.filter).toEqual(['==', ['get', 'id'], '999901001']);
    const lines = s.layers.find((l) => l.id === 'region-lines') as { filter: unknown[] };
    expect(lines.filter).toEqual(['==', ['get', 'level'], 'community']);
  });

  it('before the geo arrives: just the background', () => {
    expect(mapStyle(null).layers.map((l) => l.type)).toEqual(['background']);
  });
});
