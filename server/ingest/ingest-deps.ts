// What every ingest operation works with, and the shape of its result.
import type { LiveEvent } from '../../shared/protocol';
import type { Aggregator } from '../aggregate/aggregator';
import type { RegionIndex } from '../aggregate/region-index';
import type { ProblemEventRecord, ProblemRecord, Store } from '../store/records';
import type { LiveFeed } from './live-feed';
import type { LiveChanges } from '../cluster/live-changes';
import { HttpError } from '../http-error';

export interface IngestDeps {
  store: Store;
  agg: Aggregator;
  index: RegionIndex;
  feed: LiveFeed;
  /** Where a committed write's effects go (aggregates, ticker, other nodes). */
  changes: LiveChanges;
  now: () => number;
  toLiveEvent: (ev: ProblemEventRecord, p: ProblemRecord) => LiveEvent;
}

export interface OpResult<T> {
  status: number;
  body: T;
  /** true when the write was a retry and stored nothing. */
  duplicate?: boolean;
  /** Applied after the transaction commits. */
  after?: () => void;
}

/** Writes may carry their own time (back-filled data) but not one from the future. */
const FUTURE_SLACK_MS = 5 * 60_000;
/**
 * Nor one from before any grid system existed: a year-0001 report would count as overdue for
 * ever and sit at the start of every trend.
 */
const EARLIEST_TIME = Date.parse('2000-01-01T00:00:00+08:00');

export function parseTime(iso: string | undefined, now: number, field: string): number {
  if (iso === undefined) return now;
  const t = Date.parse(iso);
  if (Number.isNaN(t))
    throw new HttpError(400, 'bad_time', `${field} "${iso}" is not an ISO 8601 time`);
  if (t < EARLIEST_TIME)
    throw new HttpError(
      400,
      'too_early',
      `${field} ${iso} is before 2000-01-01 (Asia/Shanghai); send the time the record really happened`,
    );
  if (t > now + FUTURE_SLACK_MS)
    throw new HttpError(
      400,
      'future_time',
      `${field} ${iso} is in the future; the server's clock says ${new Date(now).toISOString()}`,
    );
  return t;
}
