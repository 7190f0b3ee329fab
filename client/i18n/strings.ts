// All on-screen words, zh-CN first (DOMAIN.md vocabulary), English for visitors (?lang=en).
// The words for levels (街道, 社区 or a county's 镇, 村…) come from the dataset: level-strings.ts
// adds them; STRINGS holds the defaults (街道 / 社区) for pages without a dataset loaded.
import { levelLabels, type LevelNames } from '@shared/level-labels';
import { withLevels, type LevelStrings } from './level-strings';
import type {
  LiveEventKind,
  MapMetric,
  ProblemCategory,
  ProblemSource,
  ProblemStage,
  ResponseTier,
  StationKind,
} from '@shared/protocol';

export type Lang = 'zh' | 'en';

export interface BaseStrings {
  titleSuffix: string;
  solved: string;
  satisfaction: string;
  stations: string;
  volunteers: string;
  unitItems: string;
  unitPlaces: string;
  unitPeople: string;
  unitHours: string;
  thisYear: string;
  last30: string;
  current: string;
  /** A community's problems placed at the community, in none of its grids. */
  notInGrid: string;
  trendTitle: string;
  reported: string;
  solvedShort: string;
  categoryTitle: string;
  sourceTitle: string;
  tierTitle: string;
  closureRate: string;
  satisfactionRate: string;
  volunteerTitle: string;
  volunteerHours: string;
  volunteerCheckins: string;
  partyReports: string;
  stationVisits: string;
  stationTitle: string;
  tickerTitle: string;
  live: string;
  connecting: string;
  reconnecting: string;
  tokenNeeded: string;
  tokenNeededTitle: string;
  tokenNeededHint: string;
  dataAsOf: string;
  open: string;
  overdue: string;
  heatmap: string;
  arcs: string;
  topCategory: string;
  totalStations: string;
  noData: string;
  // page and panels (screen/, charts/)
  loading: string;
  today: string;
  month: string;
  inTime: string;
  onTimeRate: string;
  reported30: string;
  solved30: string;
  overviewTitle: string;
  households: string;
  population: string;
  grids: string;
  gridMembers: string;
  partyMembers: string;
  drillDown: string;
  unitTimes: string;
  unitPersonTimes: string;
  unitHouseholds: string;
  mapControls: string;
  yearHours: string;
  yearPartyReports: string;
  metric: Record<MapMetric, string>;
  category: Record<ProblemCategory, string>;
  source: Record<ProblemSource, string>;
  stage: Record<ProblemStage, string>;
  /** Tiers named after levels (street, community) are worded by level-strings.ts. */
  tier: Record<ResponseTier, string>;
  station: Record<StationKind, string>;
  eventKind: Record<LiveEventKind, string>;
  // presentation modes (modes/)
  tourPaused: (seconds: number) => string;
  frozenNote: string;
  presenterTitle: string;
  presenterNow: string;
  presenterNext: string;
  presenterNotes: string;
  presenterKeys: string;
  presenterElapsed: string;
  presenterEnd: string;
  presenterWall: string;
  presenterTokenLabel: string;
  presenterTokenHint: string;
  presenterTokenSubmit: string;
  presenterRefreeze: string;
  scenesLoading: string;
}

const zhMetric: Record<MapMetric, string> = {
  closureRate: '办结率',
  satisfactionRate: '满意率',
  open: '在办问题',
};
const enMetric: Record<MapMetric, string> = {
  closureRate: 'Closure rate',
  satisfactionRate: 'Satisfaction',
  open: 'Open problems',
};

const zh: BaseStrings = {
  titleSuffix: '智慧社区治理数据大屏',
  solved: '问题办结',
  satisfaction: '满意率',
  stations: '服务阵地',
  volunteers: '志愿者',
  unitItems: '件',
  unitPlaces: '个',
  unitPeople: '人',
  unitHours: '小时',
  thisYear: '本年',
  last30: '近30天',
  current: '当前',
  notInGrid: '未落网格',
  trendTitle: '近30天问题上报与办结',
  reported: '上报',
  solvedShort: '办结',
  categoryTitle: '问题类别构成',
  sourceTitle: '问题来源',
  tierTitle: '分级响应',
  closureRate: '办结率',
  satisfactionRate: '满意率',
  volunteerTitle: '志愿服务',
  volunteerHours: '志愿服务时长',
  volunteerCheckins: '志愿打卡',
  partyReports: '党员报到',
  stationVisits: '阵地服务人次',
  stationTitle: '服务阵地分布',
  tickerTitle: '实时事件',
  live: '实时',
  connecting: '连接中',
  reconnecting: '重连中',
  tokenNeeded: '需要令牌',
  tokenNeededTitle: '本大屏需要访问令牌',
  tokenNeededHint:
    '服务器设置了 SCREEN_TOKEN：请以 /?token=<令牌> 打开本页，令牌可向系统管理员索取。',
  dataAsOf: '数据截至',
  open: '在办问题',
  overdue: '超期',
  heatmap: '热力',
  arcs: '吹哨',
  topCategory: '最多',
  totalStations: '合计',
  noData: '暂无数据',
  loading: '数据加载中',
  today: '今日',
  month: '本月',
  inTime: '未超期',
  onTimeRate: '按时办结率',
  reported30: '近30天上报',
  solved30: '近30天办结',
  overviewTitle: '基础信息',
  households: '户数',
  population: '人口',
  grids: '网格',
  gridMembers: '网格员',
  partyMembers: '党员',
  drillDown: '下钻',
  unitTimes: '次',
  unitPersonTimes: '人次',
  unitHouseholds: '户',
  mapControls: '地图图层',
  yearHours: '本年服务时长',
  yearPartyReports: '本年党员报到',
  metric: zhMetric,
  category: {
    environment: '环境卫生',
    property: '物业服务',
    dispute: '邻里纠纷',
    safety: '安全隐患',
    parking: '停车管理',
    elderly_child: '一老一小',
    renovation: '老旧院落改造',
    other: '其他',
  },
  source: {
    hotline: '12345热线',
    patrol: '网格巡查',
    resident: '居民上报',
    property: '物业',
    party_member: '党员',
  },
  stage: {
    reported: '网格发现',
    called: '社区呼叫',
    responding: '分级响应',
    handled: '协同处置',
    closed: '已办结',
  },
  tier: { grid: '网格', community: '社区', street: '街道', district: '区级部门' },
  station: {
    party_center: '党群服务中心',
    party_post: '党群服务驿站',
    convenience: '便民服务中心',
    civilization: '新时代文明实践站',
    volunteer: '志愿服务站',
    mediation: '社区调解室',
    senior_college: '老年大学',
  },
  eventKind: {
    reported: '上报',
    called: '呼叫',
    escalated: '吹哨',
    handled: '处置',
    closed: '办结',
    rated: '评价',
  },
  tourPaused: (n) => `导览已暂停 · 无操作 ${n} 秒后继续`,
  frozenNote: '汇报数据已锁定',
  presenterTitle: '汇报控制台',
  presenterNow: '当前',
  presenterNext: '下一页',
  presenterNotes: '讲解要点',
  presenterKeys: '翻页：PageDown / PageUp · 方向键 · 空格　跳转：数字 + 回车',
  presenterElapsed: '已用时',
  presenterEnd: '最后一页',
  presenterWall: '大屏同步',
  presenterTokenLabel: '主讲人口令',
  presenterTokenHint:
    '输入一次即可（服务器的 PRESENTER_TOKEN 或管理员口令），仅保存在本窗口，关闭即清除',
  presenterTokenSubmit: '开始汇报',
  presenterRefreeze: '更新数据至此刻',
  scenesLoading: '场景加载中',
};

// Sentence case throughout: every English string stands alone (label, tag, legend entry, ticker
// kind), none is spliced into a sentence, so each starts with a capital.
const en: BaseStrings = {
  titleSuffix: 'Smart Community Governance',
  solved: 'Problems solved',
  satisfaction: 'Satisfaction',
  stations: 'Service stations',
  volunteers: 'Volunteers',
  unitItems: '',
  unitPlaces: '',
  unitPeople: '',
  unitHours: 'h',
  thisYear: 'This year',
  last30: 'Last 30 days',
  current: 'Now',
  notInGrid: 'Not in a grid',
  trendTitle: 'Reported vs solved, 30 days',
  reported: 'Reported',
  solvedShort: 'Solved',
  categoryTitle: 'Problem categories',
  sourceTitle: 'Problem sources',
  tierTitle: 'Tiered response',
  closureRate: 'Closure',
  satisfactionRate: 'Satisfaction',
  volunteerTitle: 'Volunteer service',
  volunteerHours: 'Volunteer hours',
  volunteerCheckins: 'Check-ins',
  partyReports: 'Party reports',
  stationVisits: 'Station visits',
  stationTitle: 'Stations by kind',
  tickerTitle: 'Live events',
  live: 'Live',
  connecting: 'Connecting',
  reconnecting: 'Reconnecting',
  tokenNeeded: 'Token needed',
  tokenNeededTitle: 'This screen needs its access token',
  tokenNeededHint:
    'The server is set with SCREEN_TOKEN: open this page as /?token=<token>. Your system administrator has it.',
  dataAsOf: 'Data as of',
  open: 'Open problems',
  overdue: 'Overdue',
  heatmap: 'Heat',
  arcs: 'Whistle',
  topCategory: 'Top',
  totalStations: 'Total',
  noData: 'No data',
  loading: 'Loading',
  today: 'Today',
  month: 'This month',
  inTime: 'In time',
  onTimeRate: 'On-time rate',
  reported30: 'Reported, 30 d',
  solved30: 'Solved, 30 d',
  overviewTitle: 'At a glance',
  households: 'Households',
  population: 'Population',
  grids: 'Grids',
  gridMembers: 'Grid members',
  partyMembers: 'Party members',
  drillDown: 'Drill down',
  unitTimes: '',
  unitPersonTimes: '',
  unitHouseholds: '',
  mapControls: 'Map layers',
  yearHours: 'Hours, year',
  yearPartyReports: 'Party reports, year',
  metric: enMetric,
  category: {
    environment: 'Sanitation',
    property: 'Property',
    dispute: 'Disputes',
    safety: 'Safety',
    parking: 'Parking',
    elderly_child: 'Elderly & child',
    renovation: 'Renovation',
    other: 'Other',
  },
  source: {
    hotline: '12345 hotline',
    patrol: 'Patrol',
    resident: 'Resident',
    property: 'Property co.',
    party_member: 'Party member',
  },
  stage: {
    reported: 'Found',
    called: 'Called up',
    responding: 'Responding',
    handled: 'Handled',
    closed: 'Closed',
  },
  tier: { grid: 'Grid', community: 'Community', street: 'Street', district: 'District dept.' },
  station: {
    party_center: 'Party-mass center',
    party_post: 'Party-mass post',
    convenience: 'Convenience center',
    civilization: 'Civilisation station',
    volunteer: 'Volunteer station',
    mediation: 'Mediation room',
    senior_college: 'Senior college',
  },
  eventKind: {
    reported: 'Reported',
    called: 'Called',
    escalated: 'Whistle',
    handled: 'Handled',
    closed: 'Closed',
    rated: 'Rated',
  },
  tourPaused: (n) => `Tour paused · resumes after ${n} s without input`,
  frozenNote: 'Figures held for the briefing',
  presenterTitle: 'Presenter view',
  presenterNow: 'Now',
  presenterNext: 'Next',
  presenterNotes: 'Talking points',
  presenterKeys: 'Step: PageDown / PageUp · arrows · space   Jump: number + Enter',
  presenterElapsed: 'Elapsed',
  presenterEnd: 'Last scene',
  presenterWall: 'Wall in step',
  presenterTokenLabel: 'Presenter token',
  presenterTokenHint:
    "Typed once (the server's PRESENTER_TOKEN or the admin token); kept in this window only, gone when it closes",
  presenterTokenSubmit: 'Start the briefing',
  presenterRefreeze: 'Take the figures again now',
  scenesLoading: 'Loading scenes',
};

export type Strings = BaseStrings & LevelStrings;

/** With the default level names; the screen rewords them for its dataset (App.tsx). */
export const STRINGS: Record<Lang, Strings> = {
  zh: withLevels(zh, 'zh', levelLabels(undefined)),
  en: withLevels(en, 'en', levelLabels(undefined)),
};

/** The strings of one language with the level names of one dataset. */
export const stringsFor = (lang: Lang, names: LevelNames): Strings =>
  withLevels(lang === 'zh' ? zh : en, lang, names);

/** zh-CN unless the address says ?lang=en (exhibition visitors). */
export function langFromSearch(search: string): Lang {
  return new URLSearchParams(search).get('lang') === 'en' ? 'en' : 'zh';
}
