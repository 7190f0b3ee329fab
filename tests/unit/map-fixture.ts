// A GeoBundle and a ScopeView over the tiny dataset, for the map's unit tests.
import type { GeoBundle, LiveEvent, RegionBrief, ScopeView } from '@shared/protocol';
import { TINY_DISTRICT_ID, tinyRegions, tinyStations } from '../fixtures/tiny-dataset';

export function tinyGeo(): GeoBundle {
  return {
    dataset: {
      id: 'tiny',
      name: '测试区',
      nameEn: 'Tiny',
      datum: 'WGS84',
      bbox: [103.9, 30.6, 104.1, 30.8],
    },
    regions: { type: 'FeatureCollection', features: tinyRegions() } as GeoBundle['regions'],
    context: {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: '邻区' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [103.5, 30.5],
                [103.6, 30.5],
                [103.6, 30.6],
                [103.5, 30.5],
              ],
            ],
          },
        },
      ],
    },
    stations: { type: 'FeatureCollection', features: tinyStations() } as GeoBundle['stations'],
  };
}

export function brief(over: Partial<RegionBrief> = {}): RegionBrief {
  return {
    reported: 100,
    solved: 97,
    closureRate: 0.97,
    satisfactionRate: 0.92,
    open: 3,
    overdue: 1,
    ...over,
  };
}

export function tinyView(geo: GeoBundle, events: LiveEvent[] = []): ScopeView {
  const regions: Record<string, RegionBrief> = {};
  for (const f of geo.regions.features) regions[f.properties.id] = brief();
  return {
    scope: { level: 'district', id: TINY_DISTRICT_ID },
    regions,
    recentEvents: events,
  } as unknown as ScopeView;
}

let n = 0;
export function event(over: Partial<LiveEvent> = {}): LiveEvent {
  n += 1;
  return {
    id: `ev-${n}`,
    kind: 'reported',
    problemId: `p-${n}`,
    category: 'environment',
    source: 'resident',
    stage: 'reported',
    streetId: '999901001',
    communityId: '999901001001',
    gridId: '999901001001-G01',
    place: '某街道 · 第1网格',
    position: [104.0, 30.7],
    at: '2026-11-23T10:00:00.000Z',
    ...over,
  };
}
