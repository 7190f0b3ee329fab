// The dataset card of the admin console: which district is loaded, how many regions of each
// level, stations and history rows, the district's live figures, and data:check on its files.
import { datasetLevelNames } from '../dataset/level-names';
import { isDemo } from '../dataset/demo';
import { checkInWorker } from './check-in-worker';
import type { Services } from '../services';
import type { DatasetReport } from '../../shared/admin-api';

export async function datasetReport(
  s: Services,
  simulatorRunning: boolean,
): Promise<DatasetReport> {
  const ds = s.dataset;
  // The same checks as `npm run data:check` on the directory the server loaded; the
  // figures are read after it, so they are those of the moment of the answer.
  const check = await checkInWorker(ds.dir);
  const levels: Record<string, number> = {};
  for (const f of ds.regions.features)
    levels[f.properties.level] = (levels[f.properties.level] ?? 0) + 1;
  const district = ds.regions.features.find((f) => f.properties.level === 'district')?.properties;
  const rolling30 = district ? s.agg.window(district.id, 'rolling30') : undefined;
  const current = district ? s.agg.current(district.id) : undefined;
  return {
    dir: ds.dir,
    id: ds.manifest.id,
    name: ds.manifest.name,
    nameEn: ds.manifest.nameEn,
    districtCode: ds.manifest.districtCode,
    historyEndsOn: ds.manifest.historyEndsOn,
    demo: isDemo(ds.manifest),
    levels,
    levelNames: datasetLevelNames(ds),
    stations: ds.stations.features.length,
    historyRows: ds.history.length,
    figures: {
      reported30: rolling30?.reported ?? 0,
      solved30: rolling30?.solved ?? 0,
      open: current?.open ?? 0,
      overdue: current?.overdue ?? 0,
    },
    check,
    simulatorRunning,
    simulated: await s.store.simulated.counts(),
  };
}
