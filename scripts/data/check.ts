// npm run data:check -- [dir]: validates a district dataset (default data/jinniu) with the same
// checks the server runs at start-up. Problems go to stderr, one per line; exit code 1 if any.
import { formatProblem, inspectDataset, summarize } from '../../server/dataset/check';

async function main(): Promise<number> {
  const dir = process.argv[2] ?? 'data/jinniu';
  const started = performance.now();
  const { dataset, problems } = await inspectDataset(dir);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (problems.length) {
    for (const p of problems) console.error(formatProblem(p));
    console.error(`${dir}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    return 1;
  }
  console.log(`${dir}: valid — ${summarize(dataset)} (checked in ${seconds} s)`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err);
    process.exitCode = 2;
  },
);
