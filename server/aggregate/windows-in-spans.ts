// A region's windows summed a span of days at a time, the event loop free in between: a briefing's
// frozen view of the district sums a year of days on its layer and as many read through from the
// live figures, each bucket with up to 251 histogram bins at a city's volume (in one piece: 54 ms
// at 300k problems on a loaded machine, bench/freeze-probe.ts).
import { WINDOWS, type WindowMetrics, type WindowName } from '../../shared/protocol';
import type { Aggregator } from './aggregator';
import { BucketSum } from './day-bucket';

/** Days summed before the next pause (a few ms at a city's volume). */
const SPAN_DAYS = 32;

export async function windowsInSpans(
  agg: Aggregator,
  regionId: string,
  pause: () => Promise<void>,
  spanDays = SPAN_DAYS,
): Promise<Record<WindowName, WindowMetrics>> {
  const out = {} as Record<WindowName, WindowMetrics>;
  for (const w of WINDOWS) {
    const sum = new BucketSum();
    const [first, last] = agg.windowSpan(w);
    // The buckets are read a span at a time, not listed first: a write between two spans changes
    // both of a day's buckets (Aggregator.bucketsOf says why), and a day the live figures drop
    // meanwhile has moved into the layer's own by the time its span is read.
    for (let from = first; from <= last; from += spanDays) {
      for (const b of agg.bucketsOf(regionId, [from, Math.min(last, from + spanDays - 1)]))
        sum.add(b);
      await pause();
    }
    out[w] = sum.metrics();
  }
  return out;
}
