// One parsed row → a problem ready to write, or the reason it cannot be. Pure: the worker runs
// it for every row, the tests run it directly.
import type { NormalRow, RowReject, UnmappedPolicy } from '../../shared/admin-api';
import { createHash } from 'node:crypto';
import type { ProblemCategory, ProblemSource, Rating, ResponseTier } from '../../shared/protocol';
import { parseDateCell } from './dates';
import type { ImportField } from './headers';
import type { PlaceMatcher } from './places';
import { mapValue, type ValueKind, type ValueTables } from './values';

/** What to do with a value the tables do not know: stop (list it, write nothing), other, reject. */

export interface Unmapped {
  kind: ValueKind;
  value: string;
}

export interface RowContext {
  columns: Partial<Record<ImportField, number>>;
  headers: string[];
  tables: ValueTables;
  policy: UnmappedPolicy;
  matcher: PlaceMatcher;
  /** Prefix of generated ids: one per mapping name, so two sources' ticket numbers never clash. */
  idPrefix: string;
  defaultSource?: ProblemSource;
  now: number;
}

export type RowOutcome =
  | { kind: 'ok'; row: NormalRow; unmapped: Unmapped[] }
  | { kind: 'reject'; reject: RowReject; unmapped: Unmapped[] }
  | { kind: 'blank' };

const FUTURE_SLACK_MS = 5 * 60_000;

/** A cell as text: exceljs rich text, hyperlinks and formulas carry their text inside. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown };
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if (o.text !== undefined) return cellText(o.text);
    if (o.result !== undefined) return cellText(o.result);
  }
  return '';
}

/** The raw value for dates: a formula's result, else the value as it is. */
function cellValue(v: unknown): unknown {
  if (v && typeof v === 'object' && !(v instanceof Date) && 'result' in v) return v.result;
  return v;
}

export const idPrefixOf = (mappingName: string) =>
  'imp-' + createHash('sha256').update(mappingName).digest('hex').slice(0, 8);

const ID_SAFE = /^[A-Za-z0-9_.:-]{1,60}$/;

function rowId(ctx: RowContext, cells: string[]): string {
  const col = ctx.columns.sourceId;
  const own = col === undefined ? '' : (cells[col] ?? '').normalize('NFKC').trim();
  if (own) {
    const safe = ID_SAFE.test(own)
      ? own
      : 'h' + createHash('sha256').update(own).digest('hex').slice(0, 24);
    return `${ctx.idPrefix}:${safe}`;
  }
  // No id column: the row itself is the identity, compared the way we read it.
  const norm = cells.map((c) => c.normalize('NFKC').replace(/\s+/g, ' ').trim()).join('\u001f');
  return `${ctx.idPrefix}:r${createHash('sha256').update(norm).digest('hex').slice(0, 24)}`;
}

class Reject extends Error {
  constructor(readonly reject: Omit<RowReject, 'row'>) {
    super(reject.reason);
  }
}

export function normalizeRow(ctx: RowContext, rowNumber: number, raw: unknown[]): RowOutcome {
  const cells = raw.map(cellText);
  if (cells.every((c) => c.trim() === '')) return { kind: 'blank' };
  const unmapped: Unmapped[] = [];
  const text = (f: ImportField) => {
    const i = ctx.columns[f];
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const header = (f: ImportField) => {
    const i = ctx.columns[f];
    return i === undefined ? f : (ctx.headers[i] ?? f);
  };
  const time = (f: ImportField): number | null => {
    const i = ctx.columns[f];
    if (i === undefined) return null;
    const r = parseDateCell(cellValue(raw[i]));
    if (!r.ok) throw new Reject({ column: header(f), value: cells[i] ?? '', reason: 'bad_date' });
    if (r.ms !== null && r.ms > ctx.now + FUTURE_SLACK_MS)
      throw new Reject({ column: header(f), value: cells[i] ?? '', reason: 'future_time' });
    return r.ms;
  };
  function value<K extends ValueKind>(
    kind: K,
    f: ImportField,
    other: string | null,
  ): string | null {
    const v = text(f);
    if (!v) return null;
    const ours = mapValue(kind, v, ctx.tables);
    if (ours) return ours;
    unmapped.push({ kind, value: v.normalize('NFKC') });
    if (ctx.policy === 'other' && other !== undefined) return other;
    throw new Reject({ column: header(f), value: v, reason: `unmapped_${kind}` });
  }
  try {
    const id = rowId(ctx, cells);
    const category = value('category', 'category', 'other') as ProblemCategory | null;
    if (!category)
      throw new Reject({ column: header('category'), value: '', reason: 'no_category' });
    const source = (value('source', 'source', ctx.defaultSource ?? null) ?? ctx.defaultSource) as
      ProblemSource | undefined;
    if (!source) throw new Reject({ column: header('source'), value: '', reason: 'no_source' });
    const tier = value('tier', 'tier', null) as ResponseTier | null;
    const rating = value('rating', 'rating', null) as Rating | null;
    const reportedAt = time('reportedAt');
    if (reportedAt === null)
      throw new Reject({ column: header('reportedAt'), value: '', reason: 'no_reported_at' });
    const calledAt = time('calledAt');
    const respondedAt = time('respondedAt');
    const closedAt = time('closedAt');
    const chain = [reportedAt, calledAt, respondedAt, closedAt].filter(
      (t): t is number => t !== null,
    );
    if (chain.some((t, i) => i > 0 && t < chain[i - 1]!))
      throw new Reject({ column: header('reportedAt'), value: '', reason: 'times_out_of_order' });
    if (rating && closedAt === null)
      throw new Reject({
        column: header('rating'),
        value: text('rating'),
        reason: 'rated_but_not_closed',
      });
    const place = ctx.matcher.match({
      street: text('street'),
      community: text('community'),
      grid: text('grid'),
      lon: text('lon'),
      lat: text('lat'),
    });
    if (!place.ok)
      throw new Reject({
        column: header(place.column),
        value: place.value,
        reason: place.reason,
      });
    const description = text('description') || text('address');
    return {
      kind: 'ok',
      unmapped,
      row: {
        row: rowNumber,
        id,
        category,
        source,
        placeId: place.placeId,
        ...(place.position ? { position: place.position } : {}),
        reportedAt,
        calledAt,
        respondedAt,
        tier,
        closedAt,
        rating,
        ...(description ? { description: description.slice(0, 2000) } : {}),
      },
    };
  } catch (err) {
    if (!(err instanceof Reject)) throw err;
    return { kind: 'reject', reject: { row: rowNumber, ...err.reject }, unmapped };
  }
}

export type { NormalRow, RowReject, UnmappedPolicy };
