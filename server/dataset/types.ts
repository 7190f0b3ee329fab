// The in-memory shape of a district dataset, as returned by loadDataset(dir) (server/dataset/load.ts).
// The files on disk are documented in data/README.md; this is what the server works with.
import type {
  GeoJSONFeatureCollection,
  LevelLabels,
  ProblemCategory,
  ProblemSource,
  Rating,
  RegionInfo,
  ResponseTier,
  StationInfo,
} from '../../shared/protocol';

export interface DatasetManifest {
  id: string; // e.g. "jinniu"
  name: string; // 金牛区
  nameEn: string; // Jinniu District
  districtCode: string; // 510106
  datum: 'WGS84';
  bbox: [number, number, number, number];
  /** The last day (YYYY-MM-DD, Asia/Shanghai) covered by history.csv. */
  historyEndsOn: string;
  /**
   * true for demo data: on first import the history is shifted so that historyEndsOn becomes
   * today, cut at the present moment: trend charts are full whatever day the demo is started,
   * and today already has its morning when it starts in the afternoon.
   */
  shiftHistoryToNow: boolean;
  /** Whether the figures are invented (a demo) or a real district's; absent = as shiftHistoryToNow. */
  demo?: boolean;
  /** Names of the levels when they are not 街道 / 社区, e.g. { street: { zh: '街道/镇', en: … } }. */
  levels?: LevelLabels;
}

/** Base figures of one grid (the leaf); higher levels are sums. */
export interface GridFigures {
  gridId: string;
  households: number;
  population: number;
  gridMembers: number;
  volunteers: number;
  partyMembers: number;
}

/** One row of history.csv: a past problem with its whole workflow. */
export interface HistoricalProblem {
  id: string;
  category: ProblemCategory;
  source: ProblemSource;
  gridId: string;
  position: [number, number];
  reportedAt: string; // ISO with offset
  calledAt: string | null;
  respondedAt: string | null;
  tier: ResponseTier | null;
  handledAt: string | null;
  closedAt: string | null;
  dueAt: string;
  rating: Rating | null;
  ratedAt: string | null;
}

export interface Dataset {
  dir: string;
  manifest: DatasetManifest;
  /** Every region (district, streets, communities, grids). properties is RegionInfo. */
  regions: GeoJSONFeatureCollection<RegionInfo>;
  context: GeoJSONFeatureCollection<{ name: string }>;
  stations: GeoJSONFeatureCollection<StationInfo>;
  figures: GridFigures[];
  history: HistoricalProblem[];
}

/** One problem found by the checker: enough for a person to find and fix it. */
export interface DatasetProblem {
  file: string;
  /** Feature index (GeoJSON) or 1-based line (CSV), when it applies. */
  index?: number;
  line?: number;
  message: string;
}
