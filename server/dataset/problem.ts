// How a dataset problem is written for people: `file#index: message` for a GeoJSON feature,
// `file:line: message` for a CSV line, `file: message` for the file as a whole.
import type { DatasetProblem } from './types';

export function formatProblem(p: DatasetProblem): string {
  const where = p.index !== undefined ? `#${p.index}` : p.line !== undefined ? `:${p.line}` : '';
  return `${p.file}${where}: ${p.message}`;
}

/**
 * Keeps a flood of one kind of problem readable: the first `cap`, then one problem standing at
 * the first one left out, saying how many more there are.
 */
export function capped(problems: DatasetProblem[], cap: number, what: string): DatasetProblem[] {
  if (problems.length <= cap) return problems;
  const { file, index, line } = problems[cap]!;
  const rest = problems.length - cap;
  const at = index !== undefined ? { index } : line !== undefined ? { line } : {};
  return [...problems.slice(0, cap), { file, ...at, message: `${rest} more ${what} from here on` }];
}
