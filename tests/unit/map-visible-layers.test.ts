// Which layers the map draws: the page's switches without a scene, the scene's list with one.
import { describe, expect, it } from 'vitest';
import type { Layer } from '@deck.gl/core';
import { baseLayers, labelLayers, liveLayers, type BaseInput } from '../../client/map/layers';
import { ARC_LAYER_ID } from '../../client/map/layers/arc-layer';
import { HEAT_LAYER_ID } from '../../client/map/layers/heat-layer';
import { PULSE_LAYER_IDS } from '../../client/map/layers/pulse-layer';
import { REGION_LAYER_IDS } from '../../client/map/layers/region-layer';
import { STATION_LAYER_IDS } from '../../client/map/layers/station-layer';
import { emptyPulses, updatePulses } from '../../client/map/pulse-buffer';
import { layerFlags, sameFlags } from '../../client/map/visible-layers';
import { initialState } from '../../client/store/screen-state';
import { reduce } from '../../client/store/updaters';
import { TINY_DISTRICT_ID } from '../fixtures/tiny-dataset';
import { event, tinyGeo, tinyView } from './map-fixture';

const geo = tinyGeo();
const scope = { level: 'district' as const, id: TINY_DISTRICT_ID };
const input = (flags: BaseInput['flags']): BaseInput => ({
  geo,
  view: tinyView(geo, [event()]),
  scope,
  metric: 'closureRate',
  level: 'street',
  heat: [[104, 30.7]],
  flags,
  uiScale: 1,
});
const ids = (layers: unknown[]) => (layers as Layer[]).map((l) => l.id);

describe('visible layers', () => {
  it('no scene: regions, stations, events and labels on; arcs and heat follow the switches', () => {
    const s = initialState();
    expect(layerFlags(s)).toEqual({
      regions: true,
      stations: true,
      events: true,
      arcs: true,
      heatmap: false,
      labels: true,
    });
    const toggled = reduce(reduce(s, 'toggleArcs', null), 'toggleHeatmap', null);
    expect(layerFlags(toggled)).toMatchObject({ arcs: false, heatmap: true, stations: true });
  });

  it("a scene without stations and arcs (the tour's satisfaction scene) draws neither", () => {
    const s = reduce({ ...initialState(), scope }, 'scene', {
      scope,
      metric: 'satisfactionRate',
      layers: ['regions', 'events', 'labels'],
      hiddenPanels: [],
      annotations: [],
    });
    const flags = layerFlags(s);
    expect(flags).toEqual({
      regions: true,
      stations: false,
      events: true,
      arcs: false,
      heatmap: false,
      labels: true,
    });
    const base = ids(baseLayers(input(flags)));
    expect(base).toContain(REGION_LAYER_IDS.fill);
    expect(base).not.toContain(STATION_LAYER_IDS.core);
    expect(base).not.toContain(STATION_LAYER_IDS.halo);
    expect(base).toContain(PULSE_LAYER_IDS.dots);
    expect(labelLayers(input(flags))).toHaveLength(1);
    const whistle = event({ kind: 'escalated', target: [104.05, 30.75] });
    const pulses = updatePulses(emptyPulses(), [event(), whistle], 0).pulses;
    expect(ids(liveLayers(pulses, 100, flags, 1))).not.toContain(ARC_LAYER_ID);
  });

  it('a scene can leave out regions, events and labels too, and turn heat on', () => {
    const flags = layerFlags({ showHeatmap: true, showArcs: false, sceneLayers: ['heatmap'] });
    expect(ids(baseLayers(input(flags)))).toEqual([HEAT_LAYER_ID]);
    expect(labelLayers(input(flags))).toEqual([]);
    const pulses = updatePulses(emptyPulses(), [event()], 0).pulses;
    expect(liveLayers(pulses, 100, flags, 1)).toEqual([]);
  });

  it('equal flags from two scenes with equal lists compare equal (layers not rebuilt)', () => {
    const a = layerFlags({ showHeatmap: false, showArcs: true, sceneLayers: ['regions', 'arcs'] });
    const b = layerFlags({ showHeatmap: false, showArcs: true, sceneLayers: ['arcs', 'regions'] });
    expect(sameFlags(a, b)).toBe(true);
    expect(sameFlags(a, layerFlags({ showHeatmap: false, showArcs: true }))).toBe(false);
  });
});
