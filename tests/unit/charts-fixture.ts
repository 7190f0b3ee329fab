// Hand-made views for the chart and screen tests: small, round numbers you can check by eye.
import type { GeoBundle, RegionInfo, ScopeView, WindowMetrics } from '@shared/protocol';

export function windowMetrics(over: Partial<WindowMetrics> = {}): WindowMetrics {
  return {
    reported: 100,
    solved: 90,
    closureRate: 0.9,
    onTimeRate: 0.8,
    medianHandlingHours: 6,
    satisfactionRate: 0.912,
    ratings: 50,
    tiers: { grid: 60, community: 25, street: 10, district: 5 },
    categories: {
      environment: 30,
      property: 20,
      dispute: 10,
      safety: 10,
      parking: 10,
      elderly_child: 8,
      renovation: 7,
      other: 5,
    },
    sources: { patrol: 40, resident: 25, hotline: 20, property: 10, party_member: 5 },
    volunteerHours: 1234.4,
    volunteerCheckins: 300,
    partyReports: 40,
    stationVisits: 500,
    ...over,
  };
}

const region = (
  id: string,
  name: string,
  level: RegionInfo['level'],
  parentId: string | null,
): RegionInfo => ({ id, name, level, parentId, synthetic: false, center: [104, 30.7] });

export const REGIONS: RegionInfo[] = [
  region('D', '金牛区', 'district', null),
  region('S1', '西安路街道', 'street', 'D'),
  region('S2', '荷花池街道', 'street', 'D'),
  region('S3', '茶店子街道', 'street', 'D'),
  region('C11', '青羊北路社区', 'community', 'S1'),
  region('C12', '西安中路社区', 'community', 'S1'),
];

export function fixtureGeo(): GeoBundle {
  return {
    dataset: { id: 'x', name: '金牛区', nameEn: 'Jinniu', datum: 'WGS84', bbox: [0, 0, 1, 1] },
    regions: {
      type: 'FeatureCollection',
      features: REGIONS.map((properties) => ({
        type: 'Feature',
        properties,
        geometry: { type: 'Point', coordinates: properties.center },
      })),
    },
    context: { type: 'FeatureCollection', features: [] },
    stations: { type: 'FeatureCollection', features: [] },
  };
}

export function fixtureView(): ScopeView {
  const trend = Array.from({ length: 30 }, (_, i) => ({
    date: `2026-11-${String(i + 1).padStart(2, '0')}`,
    reported: 10 + i,
    solved: 8 + i,
  }));
  return {
    scope: { level: 'district', id: 'D' },
    windows: {
      today: windowMetrics({
        reported: 5,
        solved: 4,
        volunteerHours: 12,
        volunteerCheckins: 6,
        partyReports: 1,
      }),
      month: windowMetrics({
        reported: 80,
        solved: 70,
        volunteerHours: 400,
        volunteerCheckins: 120,
      }),
      year: windowMetrics({ reported: 4000, solved: 3657, satisfactionRate: 0.9123 }),
      rolling30: windowMetrics(),
    },
    current: { open: 42, overdue: 3 },
    figures: {
      households: 1000,
      population: 2500,
      grids: 12,
      gridMembers: 15,
      volunteers: 321,
      partyMembers: 88,
      stations: {
        party_center: 2,
        party_post: 5,
        convenience: 1,
        civilization: 1,
        volunteer: 3,
        mediation: 1,
        senior_college: 0,
      },
    },
    trend,
    regions: {
      S1: {
        reported: 50,
        solved: 49,
        closureRate: 0.98,
        satisfactionRate: 0.9,
        open: 4,
        overdue: 1,
      },
      S2: {
        reported: 30,
        solved: 27,
        closureRate: 0.9,
        satisfactionRate: 0.95,
        open: 9,
        overdue: 0,
      },
      S3: {
        reported: 0,
        solved: 0,
        closureRate: null,
        satisfactionRate: null,
        open: 0,
        overdue: 0,
      },
    },
    recentEvents: [],
  };
}
