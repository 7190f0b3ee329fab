// Whether a dataset's figures are invented: the manifest says so, or (older manifests) its history
// is shifted to end today, which only a demo does. The simulator's default and the console read it.
import type { DatasetManifest } from './types';

export const isDemo = (m: Pick<DatasetManifest, 'demo' | 'shiftHistoryToNow'>): boolean =>
  m.demo ?? m.shiftHistoryToNow;
