// Start-up's way to the dataset: read it, and check it unless the same files passed before.
// The checker (and the geometry library behind it, seconds to load) is imported only when it runs.
import { checkedBefore, datasetHash, recordChecked } from './check-cache';
import { readDataset } from './load';
import { formatProblem } from './problem';
import type { Dataset } from './types';

/**
 * The dataset, or an Error listing every problem, one `file[#index|:line]: message` a line. With
 * `record` (a file path), a dataset whose files passed the check before is read, not re-checked.
 */
export async function loadValidDataset(
  dir: string,
  record: string | null = null,
): Promise<Dataset> {
  const hash = record ? datasetHash(dir) : '';
  if (record && checkedBefore(record, hash)) {
    const read = await readDataset(dir);
    if (read.problems.length === 0) return read.dataset;
  }
  const { inspectDataset } = await import('./check');
  const { dataset, problems } = await inspectDataset(dir);
  if (problems.length === 0) {
    recordChecked(record, hash);
    return dataset;
  }
  throw new Error(
    `invalid dataset ${dir} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
      problems.map(formatProblem).join('\n'),
  );
}
