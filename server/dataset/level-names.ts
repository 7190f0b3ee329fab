// The level names of the loaded dataset (its manifest's, else its regions' kinds, else 街道 /
// 社区), for the server's own messages: the reject reasons of imports and the console's table.
import { levelLabels, type LevelNames } from '../../shared/level-labels';
import type { Dataset } from './types';

const cache = new WeakMap<Dataset, LevelNames>();

export function datasetLevelNames(ds: Dataset): LevelNames {
  let names = cache.get(ds);
  if (!names) {
    names = levelLabels(
      ds.manifest.levels,
      ds.regions.features.map((f) => f.properties),
      ds.manifest.name,
    );
    cache.set(ds, names);
  }
  return names;
}
