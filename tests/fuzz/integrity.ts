// What must still hold after a fuzz run or a crash: the process answers, a screen can subscribe,
// SQLite says the file is sound, the stored rows obey the domain's rules, the running totals
// equal a recount, and no prototype was polluted. Each check returns what is wrong (empty: fine).
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import {
  PROBLEM_CATEGORIES,
  PROBLEM_SOURCES,
  PROBLEM_STAGES,
  RATINGS,
} from '../../shared/protocol';
import { isPlaceLevel } from '../../server/aggregate/region-index';
import type { ProblemRecord } from '../../server/store/records';

/** PRAGMA integrity_check on a second, read-only connection (WAL lets it read while we run). */
export function sqliteIntegrity(dbFile: string): string[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    const bad = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    const orphans = db
      .prepare(
        'SELECT COUNT(*) AS n FROM problem_events e WHERE NOT EXISTS (SELECT 1 FROM problems p WHERE p.id = e.problem_id)',
      )
      .get() as { n: number };
    if (orphans.n > 0) bad.push(`${orphans.n} events of problems that do not exist`);
    return bad;
  } finally {
    db.close();
  }
}

const STAGE_TIMES: Array<keyof ProblemRecord> = [
  'reportedAt',
  'calledAt',
  'respondedAt',
  'handledAt',
  'closedAt',
];

/** The rules one stored problem must obey, whatever sequence of writes made it. */
export function problemFaults(p: ProblemRecord, placeIds: Set<string>): string[] {
  const out: string[] = [];
  const stage = PROBLEM_STAGES.indexOf(p.stage);
  if (stage < 0) out.push(`stage ${p.stage}`);
  if (!(PROBLEM_CATEGORIES as readonly string[]).includes(p.category))
    out.push(`category ${p.category}`);
  if (!(PROBLEM_SOURCES as readonly string[]).includes(p.source)) out.push(`source ${p.source}`);
  if (!placeIds.has(p.placeId)) out.push(`placeId ${p.placeId}`);
  if (!p.position.every(Number.isFinite)) out.push(`position ${p.position.join(',')}`);
  let last = -Infinity;
  STAGE_TIMES.forEach((key, i) => {
    const t = p[key] as number | null;
    if (i <= stage && (t === null || !Number.isFinite(t))) out.push(`${key} missing at ${p.stage}`);
    if (i > stage && t !== null) out.push(`${key} set before reaching that stage (${p.stage})`);
    if (t !== null) {
      if (t < last) out.push(`${key} earlier than the stage before it`);
      last = t;
    }
  });
  if (stage >= 3 && p.tier === null) out.push('handled without a tier');
  if ((p.rating === null) !== (p.ratedAt === null)) out.push('rating and ratedAt disagree');
  if (p.rating !== null && !(RATINGS as readonly string[]).includes(p.rating))
    out.push(`rating ${p.rating}`);
  if (p.rating !== null && p.stage !== 'closed') out.push('rated before closed');
  return out.map((f) => `${p.id}: ${f}`);
}

/** Domain checks through the store API and the region index the server itself uses. */
export async function domainFaults(app: FastifyInstance): Promise<string[]> {
  const { store, index } = app.services;
  const places = new Set(
    [...index.regions.values()].filter((r) => isPlaceLevel(r.level)).map((r) => r.id),
  );
  const out: string[] = [];
  await store.eachProblem((p) => void out.push(...problemFaults(p, places)));
  await store.eachVolunteer(0, (v) => {
    if (!index.regions.has(v.regionId)) out.push(`volunteer ${v.id}: region ${v.regionId}`);
    if (!Number.isInteger(v.tenths) || v.tenths <= 0 || v.tenths > 240)
      out.push(`volunteer ${v.id}: ${v.tenths} tenths of an hour`);
  });
  await store.eachPartyReport(0, (r) => {
    if (!index.regions.has(r.regionId)) out.push(`party report ${r.id}: region ${r.regionId}`);
  });
  await store.eachStationVisit(0, (v) => {
    if (!index.stations.has(v.stationId)) out.push(`visit ${v.id}: station ${v.stationId}`);
  });
  return out;
}

/** POST /api/admin/recount: the running totals must equal a recount from the rows. */
export async function recountDiffers(app: FastifyInstance, adminToken: string): Promise<string[]> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/admin/recount',
    headers: { authorization: `Bearer ${adminToken}` },
  });
  if (res.statusCode !== 200) return [`recount answered ${res.statusCode}: ${res.body}`];
  const r = res.json<{ identical: boolean; differing: string[] }>();
  return r.identical ? [] : [`running totals differ from a recount in ${r.differing.join(', ')}`];
}

export function prototypePolluted(): string[] {
  const probe = {} as Record<string, unknown>;
  return 'polluted' in probe || 'polluted' in Object.prototype
    ? ['Object.prototype was polluted']
    : [];
}
