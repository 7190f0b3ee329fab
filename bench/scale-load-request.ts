// The parent's side of the loader process (scale-load.ts): what a 'load' message carries and
// how bench:scale and bench:batch ask for one, so both load the server the same way.
import type { Child, Message } from './scale-ipc';
import type { LoadFigures } from './scale-load';
import { INGEST_TOKEN } from './scale-server';

export interface LoadRequest extends Message {
  type: 'load';
  url: string;
  token: string;
  n: number;
  batchSize: number;
  inFlight: number;
}

/** Has the loader send `n` problems with their whole lives to the server at `url`; its figures. */
export function requestLoad(
  loader: Child,
  load: Pick<LoadRequest, 'url' | 'n' | 'batchSize' | 'inFlight'>,
  timeoutMs: number,
): Promise<LoadFigures> {
  const request: LoadRequest = { type: 'load', token: INGEST_TOKEN, ...load };
  loader.send(request);
  return loader.next<LoadFigures>('loaded', timeoutMs);
}
