// Service stations (服务阵地): one 党群服务中心, 新时代文明实践站 and 调解室 per community, 81 党群服务驿站
// (seed 000 builds 81), volunteer stations in most communities, and one 便民服务中心 and 老年大学
// teaching point per street. Positions are synthetic points inside the community.
import type { StationInfo, StationKind } from '../../shared/protocol';
import { mulberry32, type Rng } from '../../server/random/prng';
import { pointIn } from './place';
import type { Street } from './divisions';
import type { Shape } from './tessellate';

export interface StationFeature {
  type: 'Feature';
  properties: StationInfo;
  geometry: { type: 'Point'; coordinates: [number, number] };
}

export const HOURS: Record<StationKind, string> = {
  party_center: '周一至周日 09:00-18:00',
  party_post: '周一至周日 09:00-21:00',
  convenience: '工作日 09:00-17:30',
  civilization: '周一至周六 09:00-17:30',
  volunteer: '周一至周日 08:30-20:00',
  mediation: '工作日 09:00-17:00',
  senior_college: '工作日 09:00-16:30',
};

export const SUFFIX: Record<StationKind, string> = {
  party_center: '党群服务中心',
  party_post: '党群服务驿站',
  convenience: '便民服务中心',
  civilization: '新时代文明实践站',
  volunteer: '志愿服务站',
  mediation: '人民调解室',
  senior_college: '老年大学教学点',
};

/** Picks k distinct indexes of 0..n-1 (partial Fisher–Yates), returned sorted. */
function pick(rng: Rng, n: number, k: number): Set<number> {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (n - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return new Set(idx.slice(0, k));
}

export function buildStations(
  streets: Street[],
  shapes: Map<string, Shape>,
  seed: number,
): StationFeature[] {
  const rng = mulberry32(seed);
  const communities = streets.flatMap((s) => s.communities.map((c) => ({ street: s, c })));
  const posts = pick(rng, communities.length, Math.min(81, communities.length));
  const volunteers = pick(rng, communities.length, Math.round(communities.length * 0.7));
  const out: StationFeature[] = [];
  communities.forEach(({ street, c }, i) => {
    const kinds: StationKind[] = ['party_center', 'civilization', 'mediation'];
    if (posts.has(i)) kinds.push('party_post');
    if (volunteers.has(i)) kinds.push('volunteer');
    // Street-level services sit in the street's first community (where the street office is).
    if (street.communities[0] === c) kinds.push('convenience', 'senior_college');
    const shape = shapes.get(c.code)!;
    kinds.forEach((kind, k) => {
      const owner =
        kind === 'convenience' || kind === 'senior_college'
          ? street.name
          : `${street.name}${c.name}`;
      out.push({
        type: 'Feature',
        properties: {
          id: `${c.code}-S${String(k + 1).padStart(2, '0')}`,
          name: `${owner}${SUFFIX[kind]}`,
          kind,
          regionId: c.code,
          hours: HOURS[kind],
        },
        geometry: { type: 'Point', coordinates: pointIn(shape, rng) },
      });
    });
  });
  return out;
}
