// Generates a large 12345-style export for `npm run bench:import`: rows spread over the last
// 300 days of the loaded district, most closed and rated, placed by street / community / grid
// names; written as GBK-free UTF-8 CSV (the hot path after decoding is the same) and as XLSX.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
// exceljs's chunk-boundary fix first (server/import/exceljs-utf8.ts): the tests import this file
// into a worker whose modules later files share, and the fix refuses to load after exceljs.
import '../server/import/exceljs-utf8';
import ExcelJS from 'exceljs';
import type { RegionInfo } from '../shared/protocol';

const DAY = 86_400_000;
const OFFSET = 8 * 3600_000;
const HEADER = [
  '工单编号',
  '诉求类型',
  '来源',
  '受理时间',
  '办结时间',
  '所属街道',
  '所属社区',
  '网格',
  '满意度',
];
const CATEGORIES = [
  '环境卫生',
  '物业管理',
  '邻里纠纷',
  '安全隐患',
  '占道停车',
  '一老一小',
  '老旧小区改造',
];
const SOURCES = ['12345热线', '居民上报', '网格巡查', '物业上报'];
const RATINGS = ['满意', '基本满意', '不满意', ''];

const pad = (n: number) => String(n).padStart(2, '0');
function text(ms: number): string {
  const d = new Date(ms + OFFSET);
  return `${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()} ${d.getUTCHours()}:${pad(d.getUTCMinutes())}`;
}

/** Deterministic rows: the same n gives the same file. */
export function* benchRows(n: number, regions: RegionInfo[], now: number): Generator<string[]> {
  const byId = new Map(regions.map((r) => [r.id, r]));
  const grids = regions.filter((r) => r.level === 'grid');
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
  for (let i = 0; i < n; i++) {
    const g = grids[Math.floor(rnd() * grids.length)]!;
    const c = byId.get(g.parentId!)!;
    const s = byId.get(c.parentId!)!;
    const reported = now - Math.floor(rnd() * 300 * DAY) - DAY;
    const closed = rnd() < 0.8 ? reported + Math.floor(rnd() * 3 * DAY) : null;
    yield [
      `B${i}`,
      CATEGORIES[i % CATEGORIES.length]!,
      SOURCES[i % SOURCES.length]!,
      text(reported),
      closed && closed < now ? text(closed) : '',
      s.name,
      c.name,
      g.name,
      closed && closed < now ? RATINGS[i % RATINGS.length]! : '',
    ];
  }
}

export async function writeCsv(file: string, rows: Iterable<string[]>): Promise<void> {
  const out = createWriteStream(file);
  out.write(HEADER.join(',') + '\n');
  let buf = '';
  for (const r of rows) {
    buf += r.join(',') + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'close');
}

export async function writeXlsx(file: string, rows: Iterable<string[]>): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const ws = wb.addWorksheet('工单');
  ws.addRow(HEADER).commit();
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
}
