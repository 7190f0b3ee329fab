// The stream of public live events (ticker, map pulses). Built from the stored event and the
// problem, with place names from the region index: never the description or the reporter, which
// are the only free text and personal data a problem carries.
import type { LiveEvent, RegionRef } from '../../shared/protocol';
import type { RegionIndex } from '../aggregate/region-index';
import type { ProblemEventRecord, ProblemRecord } from '../store/records';
import { localIso } from '../metrics/time';

export function toLiveEvent(
  ev: ProblemEventRecord,
  p: ProblemRecord,
  index: RegionIndex,
): LiveEvent {
  const { gridId, communityId, streetId } = index.placeOf(p.placeId);
  const e: LiveEvent = {
    id: ev.id,
    kind: ev.kind,
    problemId: p.id,
    category: p.category,
    source: p.source,
    stage: ev.stage,
    streetId,
    communityId,
    gridId,
    place: index.placeLabel(p.placeId),
    position: p.position,
    at: localIso(ev.at),
  };
  if (ev.tier) e.tier = ev.tier;
  if (ev.rating) e.rating = ev.rating;
  if (ev.kind === 'escalated' && ev.tier) {
    // The whistle goes to the centre of the region that now answers for it (a problem in no
    // grid has no grid level in its lineage: look the tier's level up, never count positions).
    const tier = ev.tier;
    const answering = index.lineage(p.placeId).find((id) => index.regions.get(id)?.level === tier);
    const target = index.regions.get(answering ?? index.districtId);
    if (target) e.target = target.center;
  }
  return e;
}

export const FEED_MAX = 500;

/** The last FEED_MAX events, newest last, with a cursor so the hub takes each event once. */
export class LiveFeed {
  private events: LiveEvent[] = [];
  private total = 0;
  /** Called after every push: the hub flushes at once instead of on its next tick. */
  onPush: () => void = () => {};

  push(e: LiveEvent): void {
    this.events.push(e);
    this.total += 1;
    if (this.events.length > FEED_MAX * 2) this.events = this.events.slice(-FEED_MAX);
    this.onPush();
  }

  get cursor(): number {
    return this.total;
  }

  /** Whether an event with this id is among those held. */
  has(id: string): boolean {
    return this.events.some((e) => e.id === id);
  }

  /** Events pushed after `cursor`, newest first. */
  since(cursor: number): LiveEvent[] {
    const n = Math.min(this.total - cursor, this.events.length);
    return n > 0 ? this.events.slice(-n).reverse() : [];
  }

  /** The newest `max` events inside a scope, newest first. */
  recent(scope: RegionRef, districtId: string, max: number): LiveEvent[] {
    const out: LiveEvent[] = [];
    for (let i = this.events.length - 1; i >= 0 && out.length < max; i--) {
      const e = this.events[i]!;
      if (inScope(e, scope, districtId)) out.push(e);
    }
    return out;
  }
}

export function inScope(e: LiveEvent, scope: RegionRef, districtId: string): boolean {
  switch (scope.level) {
    case 'district':
      return scope.id === districtId;
    case 'street':
      return e.streetId === scope.id;
    case 'community':
      return e.communityId === scope.id;
    case 'grid':
      return e.gridId === scope.id;
  }
}
