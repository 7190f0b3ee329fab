// bench:scale's table: each figure of issue #14 beside its goal, pass or fail, and where a raw
// limit (the disk's, PostgreSQL's) bounds it, the figure as a share of that limit (the same
// run's), so a slow day on a shared machine shows in both columns instead of passing for a
// regression.
export interface Row {
  figure: string;
  value: number | null;
  unit: string;
  goal?: { op: '≤' | '≥' | '='; limit: number };
  /** The raw limit this figure is bounded by (same unit per second). */
  raw?: { name: string; value: number };
}

export function passes(r: Row): boolean | null {
  if (!r.goal || r.value === null || Number.isNaN(r.value)) return null;
  const { op, limit } = r.goal;
  return op === '≤' ? r.value <= limit : op === '≥' ? r.value >= limit : r.value === limit;
}

const fmt = (x: number) =>
  Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : String(Math.round(x * 10) / 10);

export function tableRows(rows: Row[]) {
  return rows.map((r) => {
    const ok = passes(r);
    return {
      figure: r.figure,
      value: r.value === null || Number.isNaN(r.value) ? 'n/a' : `${fmt(r.value)} ${r.unit}`,
      goal: r.goal ? `${r.goal.op} ${fmt(r.goal.limit)} ${r.unit}` : '',
      pass: ok === null ? '' : ok ? 'pass' : 'FAIL',
      'vs raw limit':
        r.raw && r.value !== null
          ? `${Math.round((r.value / r.raw.value) * 100)} % of ${r.raw.name}`
          : '',
    };
  });
}

export function printTable(rows: Row[]): void {
  const t = tableRows(rows);
  const cols = Object.keys(t[0]!) as Array<keyof (typeof t)[number]>;
  const width = cols.map((c) => Math.max(c.length, ...t.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i]!)).join(' │ ');
  console.log(line(cols));
  console.log(width.map((w) => '─'.repeat(w)).join('─┼─'));
  for (const r of t) console.log(line(cols.map((c) => r[c])));
}
