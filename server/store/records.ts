// What the store keeps, in the server's own terms (times as epoch ms). The Store interface is
// what a PostgreSQL version would implement; nothing outside store/ writes SQL.
import type {
  LiveEventKind,
  ProblemCategory,
  ProblemSource,
  ProblemStage,
  Rating,
  ResponseTier,
} from '../../shared/protocol';
import type { SimulatedCounts } from '../../shared/admin-api';
import type { DayBucket } from '../aggregate/day-bucket';
import type { ConsoleTokenStore } from './console-tokens';
import type { ImportStore } from './import-records';
import type { RollupRegions } from './rollup-deltas';

export interface ProblemRecord {
  id: string;
  category: ProblemCategory;
  source: ProblemSource;
  /**
   * Where the problem is placed: its grid, or its community when the report names no grid
   * (未落网格). Every figure counts it into this region and its ancestors (index.lineage).
   */
  placeId: string;
  position: [number, number];
  stage: ProblemStage;
  tier: ResponseTier | null;
  reportedAt: number;
  calledAt: number | null;
  respondedAt: number | null;
  handledAt: number | null;
  closedAt: number | null;
  dueAt: number;
  rating: Rating | null;
  ratedAt: number | null;
  /** Free text and personal data: stored for the workflow, never sent to screens. */
  description: string | null;
  reporterName: string | null;
  reporterPhone: string | null;
}

/**
 * What a count of problems reads of each row (contribution.ts's rule and the place it counts
 * into): the roll-up check reads only these columns of a million rows.
 */
export type ProblemFacts = Pick<
  ProblemRecord,
  | 'placeId'
  | 'category'
  | 'source'
  | 'tier'
  | 'reportedAt'
  | 'closedAt'
  | 'dueAt'
  | 'rating'
  | 'ratedAt'
>;

export interface ProblemEventRecord {
  id: string;
  problemId: string;
  kind: LiveEventKind;
  stage: ProblemStage;
  tier: ResponseTier | null;
  rating: Rating | null;
  at: number;
}

export interface VolunteerRecord {
  id: string;
  regionId: string;
  /** Tenths of an hour: integer sums stay exact, so a recount equals the running totals. */
  tenths: number;
  at: number;
}

export interface PartyReportRecord {
  id: string;
  regionId: string;
  at: number;
}

export interface StationVisitRecord {
  id: string;
  stationId: string;
  regionId: string;
  at: number;
}

export type ActivityRecord =
  | { kind: 'volunteer'; record: VolunteerRecord }
  | { kind: 'party'; record: PartyReportRecord }
  | { kind: 'visit'; record: StationVisitRecord };

/** Rows written at once (history, back-fills, imports): each problem with its own event-log rows. */
export interface BulkRows {
  problems?: Array<{ p: ProblemRecord; events: ProblemEventRecord[] }>;
  /**
   * Event-log rows after all the problems' own, in the order given (a batch's steps of several
   * problems interleave in the log as they came); only those of a problem this call stored.
   */
  events?: ProblemEventRecord[];
  activity?: ActivityRecord[];
}

/** What a bulk insert stored: problem ids in the order given, and which activity rows. */
export interface BulkInserted {
  problems: string[];
  activity: number;
  /** The place in `rows.activity` of each activity row stored, ascending. */
  storedActivity: number[];
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** Where an idempotency key applies: route, problem and the caller's key, kept apart. */
export interface IdempotencyScope {
  route: 'transition' | 'rating';
  problemId: string;
  key: string;
}

export interface RememberedResponse extends StoredResponse {
  /** Hash of the body the key first came with; null for keys kept from schema version 1. */
  bodyHash: string | null;
}

/**
 * Ids the built-in simulator gives everything it writes: invented records stay recognisable, so a
 * real district's figures can be listed apart from them and rid of them (purge).
 */
export const SIMULATED_ID_PREFIX = 'SIM-';
/**
 * The first string after every id that starts with the prefix ('-' + 1 is '.'): simulated ids are
 * the range prefix ≤ id < this, one index range on each primary key.
 */
export const SIMULATED_ID_UNTIL =
  SIMULATED_ID_PREFIX.slice(0, -1) +
  String.fromCharCode(SIMULATED_ID_PREFIX.charCodeAt(SIMULATED_ID_PREFIX.length - 1) + 1);

/** What one purge step removed (the live aggregates take exactly these back out). */
export interface SimulatedPage {
  problems: ProblemRecord[];
  activity: ActivityRecord[];
}

/** Which count of SimulatedCounts a purged activity record adds to. */
export const SIMULATED_COUNT_OF: Record<ActivityRecord['kind'], keyof SimulatedCounts> = {
  volunteer: 'volunteers',
  party: 'partyReports',
  visit: 'stationVisits',
};

export interface SimulatedStore {
  counts(): SimulatedCounts;
  /** Deletes up to `limit` simulated records (problems with their event log first). */
  purgePage(limit: number): SimulatedPage;
}

/**
 * The store as one connection sees it, call by call: the SQLite implementation (better-sqlite3
 * answers synchronously) and the shape of every method of `Store`, which is this with each answer
 * a Promise. Only store/ (and the roll-up check's worker) uses it directly.
 */
export interface SyncStore {
  /** Runs fn in one transaction: all of it is durable when it returns, or none of it. */
  transaction<T>(fn: () => T): T;
  getProblem(id: string): ProblemRecord | undefined;
  /** event is null for imported history (no live event to replay). */
  insertProblem(p: ProblemRecord, event: ProblemEventRecord | null): void;
  updateProblem(p: ProblemRecord, event: ProblemEventRecord): void;
  /** An event-log row on its own (imported history). */
  insertEvent(event: ProblemEventRecord): void;
  /** false when the id is there already (an idempotent retry). */
  insertVolunteer(v: VolunteerRecord): boolean;
  insertPartyReport(r: PartyReportRecord): boolean;
  insertStationVisit(v: StationVisitRecord): boolean;
  /**
   * Many rows in one call, as the single inserts would write them one after the other, except
   * that an id already stored (or given earlier in the same call) is skipped, not refused: a
   * skipped problem writes none of its events. Roll-ups count only the rows really stored.
   */
  insertMany(rows: BulkRows): BulkInserted;
  eachProblem(fn: (p: ProblemRecord) => void): void;
  eachVolunteer(since: number, fn: (v: VolunteerRecord) => void): void;
  eachPartyReport(since: number, fn: (r: PartyReportRecord) => void): void;
  eachStationVisit(since: number, fn: (v: StationVisitRecord) => void): void;
  /**
   * The tier each problem escalated after `at` stood at by `at`, from the event log: an escalation
   * keeps the problem's stage times, so only the log knows the tier before it. Problems without a
   * logged response by `at` are left out.
   */
  tiersAt(at: number): Map<string, ResponseTier>;
  /** Newest first; with `until`, only events at or before it (a briefing's frozen ticker). */
  recentEvents(limit: number, until?: number): ProblemEventRecord[];
  /** [lon, lat] of every problem reported at or after `since`, newest first (the heat map). */
  positionsSince(since: number): Array<[number, number]>;
  getIdempotent(scope: IdempotencyScope): RememberedResponse | undefined;
  /** `at` is the write's clock time; sweepIdempotent reads it. */
  putIdempotent(scope: IdempotencyScope, bodyHash: string, res: StoredResponse, at: number): void;
  /** Forgets remembered answers stored before `before`; returns how many. */
  sweepIdempotent(before: number): number;
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  /** Makes `hash` the one token of `label`: any other hash under that label stops working. */
  putToken(hash: string, scope: string, label: string): void;
  /** Retires every token of `label` (a variable no longer set). */
  dropTokens(label: string): void;
  tokenScope(hash: string): string | undefined;
  /** Problems not closed yet (start-up: the open set and the simulator's work in hand). */
  openProblems(): ProblemRecord[];
  /**
   * Problems with any of their times after `at` (what a briefing frozen at `at` corrects), in
   * pages in the order of their latest time: `after` is the previous page's `next` (null for the
   * first page). A problem written meanwhile moves to the end (its latest time grew).
   */
  problemsChangedAfter(
    at: number,
    after: number[] | null,
    limit: number,
  ): { rows: ProblemRecord[]; next: number[] };
  /**
   * Activity rows of one kind dated after `at`, in pages in the order of their time and row:
   * `after` is the previous page's `next` (null for the first page).
   */
  activityAfter(
    kind: ActivityRecord['kind'],
    at: number,
    after: number[] | null,
    limit: number,
  ): { rows: ActivityRecord[]; next: number[] };
  /** Stored roll-up buckets (region × local day) of days `from`..`to`, inclusive. */
  eachRollup(
    from: number,
    to: number,
    fn: (regionId: string, day: number, b: DayBucket) => void,
  ): void;
  /** One region's stored roll-up buckets of days `from`..`to` (a grid's older days, on use). */
  eachRollupOf(
    regionId: string,
    from: number,
    to: number,
    fn: (day: number, b: DayBucket) => void,
  ): void;
  /** When the earliest stored problem was reported (undefined: none yet). */
  firstReportedAt(): number | undefined;
  /** Tokens made in the admin console (name, scope, last use, revocable). */
  consoleTokens: ConsoleTokenStore;
  /** Imports of spreadsheet exports (server/import): summaries, row links, named mappings. */
  imports: ImportStore;
  /** What the simulator wrote, apart from everything else. */
  simulated: SimulatedStore;
  close(): void;
}

/** Each method of T answering with a Promise; `each*` callbacks still run once per row. */
export type Promised<T> = {
  [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<R> : T[K];
};

/** How an outermost transaction commits (a nested one commits with it). */
export interface TxOptions {
  /**
   * Atomic, but not flushed to disk by its own commit: the next ordinary commit flushes it along
   * (the log is written in order). For the many steps of a long job whose caller is answered
   * only at its end, which is an ordinary commit (an import's slices): a crash loses at most the
   * last such steps, whole, never part of one.
   */
  deferFlush?: boolean;
}

/**
 * What the server uses: every call answers with a Promise, so a store on another machine
 * (PostgreSQL) can implement it. Same methods and meaning as SyncStore.
 *
 * `transaction(fn)` runs fn with `tx`, the store bound to that transaction: every read and write
 * of the transaction goes through `tx` (a call on the store itself while it is open waits for the
 * commit, or runs on another connection). fn may only await the store: the transaction holds the
 * writer while it is open. A nested `tx.transaction` is a savepoint: its throw rolls back only
 * itself. It resolves after COMMIT returned (durable), and rejects with fn's error after ROLLBACK.
 *
 * `after(result)` runs right after COMMIT, before any later call on the store runs: what it
 * applies to memory (aggregates, the live feed) is then in step with what any later read sees.
 * A caller that awaits a read directly resumes before the next queued call runs.
 */
/** What a writer on another thread needs to write to the embedded store's file. */
export interface OffThreadWrites {
  file: string;
  /** How the store places facts in the roll-ups: the other connection must place them the same. */
  regions: RollupRegions;
  /**
   * Runs fn while no call of this store runs (it holds the store's queue): the other connection
   * writes then, and this one never waits on its lock, which would block the event loop.
   * `othersWaiting()` tells fn whether calls queued meanwhile wait for it to let go.
   */
  exclusive<T>(fn: (othersWaiting: () => boolean) => Promise<T>): Promise<T>;
  /**
   * Runs fn with this connection's page cache let go first (a slice per turn of the event loop)
   * and given back after: the other connection's every commit empties it at this one's next read,
   * in one go on the event loop (a full cache took 150–230 ms to free).
   */
  cacheAside<T>(fn: () => Promise<T>): Promise<T>;
}

export interface Store extends Promised<
  Omit<SyncStore, 'transaction' | 'consoleTokens' | 'imports' | 'simulated' | 'close'>
> {
  transaction<T>(
    fn: (tx: Store) => Promise<T>,
    after?: (result: T) => void,
    opts?: TxOptions,
  ): Promise<T>;
  /**
   * One region's stored roll-ups read at once, where the store can answer without a wait (the
   * embedded SQLite): the aggregator then reads a grid's older days on first use, in step with the
   * writes it applies. A store without it (over a socket) has every region's reach loaded at start.
   */
  eachRollupOfNow?: SyncStore['eachRollupOf'];
  /**
   * A read-only transaction whose every statement sees the same moment (a check that counts
   * rows and compares them with the roll-ups). Left out where `transaction` already does that
   * (the embedded SQLite, one writer); PostgreSQL's transactions see a new moment per statement.
   * `after(result, seen)` runs right after it ends, as a transaction's does.
   */
  readSnapshot?<T>(
    fn: (tx: Store) => Promise<T>,
    after?: (result: T, seen: string) => void,
  ): Promise<T>;
  /**
   * Where one database serves several nodes (PostgreSQL): while an outermost transaction's
   * `after` runs, the id of that transaction (pg_current_xact_id as text; null when it wrote
   * nothing). With `seen`, the snapshot `readSnapshot` read at (pg_current_snapshot as text), it
   * tells whether a read saw a write (cluster/snapshot.ts).
   */
  committedXid?(): string | null;
  /**
   * True where other nodes read the same records (PostgreSQL): what a node stores only for them
   * (a running import's progress, import-jobs.ts) is worth a commit only there. SQLite's file is
   * one node's own.
   */
  sharedByNodes?: true;
  /**
   * Where the database is a local file (the embedded SQLite), a writer on another thread can open
   * its own connection to it: bulk work (an import) then commits off the main thread.
   */
  offThread?: OffThreadWrites;
  consoleTokens: Promised<ConsoleTokenStore>;
  imports: Promised<ImportStore>;
  simulated: Promised<SimulatedStore>;
  /** Waits for the open transaction, then closes (later calls reject). */
  close(): Promise<void>;
}
