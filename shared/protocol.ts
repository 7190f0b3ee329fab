// The one module that names every socket event and types every payload and REST body, for the
// server AND the client (client imports it as `@shared/protocol`). Types and constants only:
// nothing here may import runtime code, so the browser bundle stays free of server modules.

// ---------- vocabulary ----------

export const REGION_LEVELS = ['district', 'street', 'community', 'grid'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** Grid workflow (DOMAIN.md): 网格发现 → 社区呼叫 → 分级响应 → 协同处置 → 办结. */
export const PROBLEM_STAGES = ['reported', 'called', 'responding', 'handled', 'closed'] as const;
export type ProblemStage = (typeof PROBLEM_STAGES)[number];

/** Tiered response: who takes the problem (街道吹哨、部门报到 = street / district). */
export const RESPONSE_TIERS = ['grid', 'community', 'street', 'district'] as const;
export type ResponseTier = (typeof RESPONSE_TIERS)[number];

export const PROBLEM_SOURCES = [
  'patrol',
  'resident',
  'hotline',
  'property',
  'party_member',
] as const;
export type ProblemSource = (typeof PROBLEM_SOURCES)[number];

export const PROBLEM_CATEGORIES = [
  'environment',
  'property',
  'dispute',
  'safety',
  'parking',
  'elderly_child',
  'renovation',
  'other',
] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

/** Ratings: the three-level survey, or 1–5 stars mapped onto it (4–5 satisfied, 3 basic, 1–2 not). */
export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

export const STATION_KINDS = [
  'party_center', // 党群服务中心
  'party_post', // 党群服务驿站 / 红色驿站
  'convenience', // 便民服务中心
  'civilization', // 新时代文明实践站
  'volunteer', // 志愿服务站
  'mediation', // 社区调解室
  'senior_college', // 老年大学
] as const;
export type StationKind = (typeof STATION_KINDS)[number];

export const WINDOWS = ['today', 'month', 'year', 'rolling30'] as const;
export type WindowName = (typeof WINDOWS)[number];

/**
 * What a street- or community-level region is (the data says; absent = the level's default:
 * a street is a 街道 'subdistrict', a community a 社区 'community'). Counties mix 街道 with 镇/乡
 * and 开发区 at street level, and 社区 with 村 at community level. Words: shared/level-labels.ts.
 */
export const REGION_KINDS = [
  'subdistrict', // 街道
  'town', // 镇
  'township', // 乡
  'devzone', // 开发区 (经济技术开发区, 工业园, …)
  'community', // 社区
  'village', // 村
] as const;
export type RegionKind = (typeof REGION_KINDS)[number];

/** The kinds a region of each level may have (districts and grids have none). */
export const LEVEL_KINDS: Record<RegionLevel, readonly RegionKind[]> = {
  district: [],
  street: ['subdistrict', 'town', 'township', 'devzone'],
  community: ['community', 'village'],
  grid: [],
};

/** A level's name in both languages, e.g. { zh: '街道/镇', en: 'Subdistrict/Town' }. */
export interface LevelLabel {
  zh: string;
  en: string;
}

/** The levels whose name a dataset may declare (manifest.levels); absent = 街道 / 社区. */
export const LABELLED_LEVELS = ['street', 'community'] as const;
export type LabelledLevel = (typeof LABELLED_LEVELS)[number];
export type LevelLabels = Partial<Record<LabelledLevel, LevelLabel>>;

/** Metrics a map can be coloured by. */
export const MAP_METRICS = ['closureRate', 'satisfactionRate', 'open'] as const;
export type MapMetric = (typeof MAP_METRICS)[number];

// ---------- regions and geometry (served by REST, static for a dataset) ----------

export interface RegionRef {
  level: RegionLevel;
  id: string;
}

export interface RegionInfo {
  id: string;
  name: string;
  level: RegionLevel;
  parentId: string | null;
  /** Official division code where the region is real (street/community); absent for grids. */
  code?: string;
  /** What the region is (镇, 村, 开发区, …); absent = its level's default (街道, 社区). */
  kind?: RegionKind;
  /** true when the geometry was generated, not surveyed. */
  synthetic: boolean;
  /** [lon, lat] label point inside the region (WGS84). */
  center: [number, number];
}

/** GET /api/geo: everything the map draws that does not change while the screen runs. */
export interface GeoBundle {
  dataset: {
    id: string;
    name: string;
    nameEn: string;
    datum: 'WGS84';
    bbox: [number, number, number, number];
    /** The manifest's names of the levels, as written; absent = 街道 / 社区 (level-labels.ts). */
    levels?: LevelLabels;
  };
  /** GeoJSON FeatureCollection; feature.properties is RegionInfo (minus center duplicates allowed). */
  regions: GeoJSONFeatureCollection<RegionInfo>;
  /** Neighbouring districts drawn dim for context; properties { name }. */
  context: GeoJSONFeatureCollection<{ name: string }>;
  stations: GeoJSONFeatureCollection<StationInfo>;
}

export interface StationInfo {
  id: string;
  name: string;
  kind: StationKind;
  /** Community the station belongs to. */
  regionId: string;
  hours: string;
}

// Minimal GeoJSON typing so the client does not need @types/geojson.
export interface GeoJSONFeatureCollection<P> {
  type: 'FeatureCollection';
  features: Array<{
    type: 'Feature';
    properties: P;
    geometry:
      | { type: 'Point'; coordinates: [number, number] }
      | { type: 'Polygon'; coordinates: number[][][] }
      | { type: 'MultiPolygon'; coordinates: number[][][][] };
  }>;
}

// ---------- metrics ----------

/** Flow metrics over one time window. Rates are 0..1, or null when nothing to divide by. */
export interface WindowMetrics {
  reported: number;
  solved: number;
  /** 办结率: solved / reported in the window (problems reported in the window that are closed). */
  closureRate: number | null;
  /** 按时办结率: closed before due / closed. */
  onTimeRate: number | null;
  /** Median hours from reported to closed, for problems closed in the window. */
  medianHandlingHours: number | null;
  /** 满意率: (satisfied + basically satisfied) / ratings. */
  satisfactionRate: number | null;
  ratings: number;
  tiers: Record<ResponseTier, number>;
  categories: Record<ProblemCategory, number>;
  sources: Record<ProblemSource, number>;
  volunteerHours: number;
  volunteerCheckins: number;
  partyReports: number;
  stationVisits: number;
}

/** State now, not windowed. */
export interface CurrentMetrics {
  open: number;
  overdue: number;
}

/** Figures of the dataset (people, places) for a region, summed over its descendants. */
export interface RegionFigures {
  households: number;
  population: number;
  grids: number;
  gridMembers: number;
  volunteers: number;
  partyMembers: number;
  stations: Record<StationKind, number>;
}

/** Per-region figures used for map colouring and rankings (rolling 30 days + current). */
export interface RegionBrief {
  reported: number;
  solved: number;
  closureRate: number | null;
  satisfactionRate: number | null;
  open: number;
  overdue: number;
}

export interface DailyPoint {
  /** Local date YYYY-MM-DD (Asia/Shanghai). */
  date: string;
  reported: number;
  solved: number;
}

// ---------- live events (public-safe: never names, phones, descriptions of people) ----------

export type LiveEventKind = 'reported' | 'called' | 'escalated' | 'handled' | 'closed' | 'rated';

export interface LiveEvent {
  /** Unique per event (problemId + transition). */
  id: string;
  kind: LiveEventKind;
  problemId: string;
  category: ProblemCategory;
  source: ProblemSource;
  stage: ProblemStage;
  tier?: ResponseTier;
  rating?: Rating;
  /** Ids of the street / community / grid the problem sits in; gridId null: in no grid (未落网格). */
  streetId: string;
  communityId: string;
  gridId: string | null;
  /** Human place label, e.g. "西华街道 · 某社区 · 第3网格". Screens word the rest (category,
   * kind) in their own language; free text from callers never reaches them. */
  place: string;
  position: [number, number];
  /** For escalations: where the whistle goes (centre of the responding region), for map arcs. */
  target?: [number, number];
  /** ISO time of the transition. */
  at: string;
}

// ---------- what a screen sees: the scope view ----------

/** Everything a screen shows for one scope. The snapshot is a whole view; deltas replace parts. */
export interface ScopeView {
  scope: RegionRef;
  windows: Record<WindowName, WindowMetrics>;
  current: CurrentMetrics;
  figures: RegionFigures;
  /** Last 30 days, oldest first, ending today. */
  trend: DailyPoint[];
  /**
   * Brief per region id for every street and community of the dataset, and for the grids the
   * scope's map can fill (none at district scope; those inside a street or community, a grid's
   * siblings), live and frozen alike: server/hub/region-briefs.ts.
   */
  regions: Record<string, RegionBrief>;
  /**
   * Community scope only: its problems placed in no grid (未落网格), so that its grids' briefs
   * plus this one add up to the community's own.
   */
  unplaced?: RegionBrief;
  /** Newest first, at most RECENT_EVENTS_MAX, only events inside the scope. */
  recentEvents: LiveEvent[];
}

export const RECENT_EVENTS_MAX = 30;

export interface Snapshot {
  seq: number;
  /** ISO time the data is as of. */
  asOf: string;
  view: ScopeView;
}

/**
 * A delta: the keys of ScopeView that changed, each replaced whole (not incremented), so applying
 * a delta twice is harmless. `regions` is partial: only changed region ids. `events` are new
 * events (newest first) to prepend to recentEvents (then cut to RECENT_EVENTS_MAX).
 */
export interface Delta {
  seq: number;
  asOf: string;
  scope: RegionRef;
  windows?: Record<WindowName, WindowMetrics>;
  current?: CurrentMetrics;
  figures?: RegionFigures;
  trend?: DailyPoint[];
  regions?: Record<string, RegionBrief>;
  unplaced?: RegionBrief;
  events?: LiveEvent[];
}

export const DELTA_BATCH_MS = 250;

// ---------- socket events ----------

export type Ack<T> = (
  res: { ok: true; data: T } | { ok: false; error: string; message: string },
) => void;

export interface ClientToServerEvents {
  /** Choose a scope (district by default). Answers with a snapshot; deltas follow. */
  subscribe: (scope: RegionRef, ack: Ack<Snapshot>) => void;
  /** Ask again for a snapshot of the current scope (after a sequence gap). */
  resync: (ack: Ack<Snapshot>) => void;
  /**
   * Briefing presenter only (needs the presenter token): go to a scene, start a briefing or
   * re-freeze it at another moment; every window in the briefing room follows. Walls only join.
   */
  'briefing:goto': (msg: BriefingGoto, ack?: Ack<BriefingState>) => void;
  'briefing:join': (briefingId: string, ack: Ack<BriefingState | null>) => void;
}

export interface ServerToClientEvents {
  delta: (delta: Delta) => void;
  'briefing:state': (state: BriefingState) => void;
  /** Server is going down on purpose (restart); clients show "reconnecting" at once. */
  'server:closing': () => void;
}

export interface BriefingState {
  briefingId: string;
  sceneIndex: number;
  /** ISO time the frozen figures are as of (GET /api/snapshot?at=): the start, or a chosen date. */
  frozenAt: string;
  /** ISO time the server accepted the briefing's start (or re-freeze); it ends BRIEFING_STALE_MS on. */
  startedAt: string;
}

/** What a presenter sends; the server stamps startedAt itself (a window's clock cannot win). */
export interface BriefingGoto {
  briefingId: string;
  sceneIndex: number;
  /** ISO date-time with its offset, not in the future, not before the dataset's history. */
  frozenAt: string;
  /** PRESENTER_TOKEN (or the admin token), typed once in the presenter window. */
  presenterToken: string;
}

/** A briefing older than this is over: the next window to join starts a new one. */
export const BRIEFING_STALE_MS = 6 * 3600_000;
/** Briefing ids: ?briefing=<id>, safe characters only. */
export const BRIEFING_ID_PATTERN = /^[\w.-]{1,64}$/;

export const SOCKET_PATH = '/socket.io';
/** How often the server pings every screen: a screen that hears nothing for two knows it is cut off. */
export const PING_INTERVAL_MS = 10_000;
/**
 * A screen's reconnection back-off (socket.io-client's options): 1 s, 2 s, 4 s, then every 5 s,
 * each ±50 % at random and then capped, so the walls of a restarted server do not all knock at
 * once and each tries again within 5 s: an unattended wall is back within ~5 s of the server
 * answering. At a 10 s cap, bench:scale's 2,000 walls took up to 10 s after a restart (p99 5.7).
 */
export const RECONNECT = {
  reconnectionDelay: 1000,
  reconnectionDelayMax: 5000,
  randomizationFactor: 0.5,
} as const;

// ---------- REST bodies ----------

export interface ProblemCreate {
  /** Caller's id; a retry with the same id stores nothing twice. */
  id: string;
  category: ProblemCategory;
  source: ProblemSource;
  /** gridId, or position from which the grid is found; communityId alone places the problem at
   * its community, in no grid (未落网格). Given together, each must agree with the others. */
  gridId?: string;
  communityId?: string;
  position?: [number, number];
  /** ISO time; defaults to now. */
  reportedAt?: string;
  description?: string;
  /** Personal data: stored, never sent to screens. */
  reporter?: { name?: string; phone?: string };
}

export interface ProblemTransition {
  /** Target stage. Allowed: reported→called→responding→handled→closed (one step at a time). */
  stage: Exclude<ProblemStage, 'reported'>;
  /** Required when stage = 'responding'; a later 'responding' with a higher tier is an escalation. */
  tier?: ResponseTier;
  at?: string;
  note?: string;
}

export interface ProblemRating {
  rating?: Rating;
  /** 1–5, mapped onto the three-level survey. */
  stars?: number;
  at?: string;
}

export interface ProblemPublic {
  id: string;
  category: ProblemCategory;
  source: ProblemSource;
  stage: ProblemStage;
  tier: ResponseTier | null;
  /** null: placed at its community, in no grid (未落网格). */
  gridId: string | null;
  communityId: string;
  streetId: string;
  position: [number, number];
  reportedAt: string;
  dueAt: string;
  closedAt: string | null;
  rating: Rating | null;
}

export interface VolunteerCheckin {
  id: string;
  regionId: string;
  hours: number;
  at?: string;
}

export interface PartyReport {
  id: string;
  regionId: string;
  at?: string;
}

export interface StationVisit {
  id: string;
  stationId: string;
  at?: string;
}

export type BatchRecord =
  | { type: 'problem'; data: ProblemCreate }
  | { type: 'transition'; problemId: string; data: ProblemTransition }
  | { type: 'rating'; problemId: string; data: ProblemRating }
  | { type: 'volunteer'; data: VolunteerCheckin }
  | { type: 'party_report'; data: PartyReport }
  | { type: 'station_visit'; data: StationVisit };

export interface BatchResult {
  accepted: number;
  rejected: number;
  /** One entry per input record, same order. */
  results: Array<
    | { index: number; ok: true; duplicate?: boolean }
    | { index: number; ok: false; error: string; message: string }
  >;
}

/** The one error shape of every API answer ≥ 400. */
export interface ApiError {
  error: string;
  message: string;
  details?: unknown;
}
