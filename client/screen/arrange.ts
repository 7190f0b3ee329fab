// Which panel goes where, per column count. Pure and hand-placed (not bin-packed): a leader who
// knows the 1920 wall finds the same panels in the same neighbourhood on a splice wall.
// Panels next to the map are the ones that work with it (ranking drills, ticker follows events).

export const PANEL_IDS = [
  'overview',
  'trend',
  'category',
  'source',
  'tier',
  'ranking',
  'backlog',
  'volunteers',
  'stations',
  'ticker',
] as const;
export type PanelId = (typeof PANEL_IDS)[number];

/** A panel in a column; `rows` is its height in row units (every column has the same total). */
export interface Slot {
  id: PanelId;
  rows: number;
}
export type Column = Slot[];

export interface Arrangement {
  /** Columns left of the map, in screen order (left to right). */
  left: Column[];
  /** Columns right of the map, in screen order (left to right). */
  right: Column[];
  /** Panels in a strip under the map (16:9 walls only), left to right, with width weights. */
  below: Array<{ id: PanelId; weight: number }>;
}

const one = (...ids: PanelId[]): Column => ids.map((id) => ({ id, rows: 1 }));

export function arrange(columnsPerSide: 1 | 2 | 3): Arrangement {
  if (columnsPerSide === 1)
    return {
      left: [one('trend', 'category', 'source')],
      right: [one('ranking', 'tier', 'volunteers')],
      below: [
        { id: 'ticker', weight: 1.7 },
        { id: 'stations', weight: 1 },
      ],
    };
  if (columnsPerSide === 2)
    return {
      left: [one('overview', 'trend', 'category'), one('source', 'tier', 'stations')],
      right: [
        [
          { id: 'ranking', rows: 2 },
          { id: 'backlog', rows: 1 },
        ],
        [
          { id: 'ticker', rows: 2 },
          { id: 'volunteers', rows: 1 },
        ],
      ],
      below: [],
    };
  return {
    left: [one('overview', 'trend'), one('category', 'source'), one('tier', 'stations')],
    right: [
      [{ id: 'ranking', rows: 2 }],
      [{ id: 'ticker', rows: 2 }],
      one('backlog', 'volunteers'),
    ],
    below: [],
  };
}

/** Every panel placed by an arrangement, in any order (for tests and for sanity checks).
 * @internal */
export function placedPanels(a: Arrangement): PanelId[] {
  return [...a.left.flat(), ...a.right.flat()].map((s) => s.id).concat(a.below.map((b) => b.id));
}
