// Writes one bench:import file in a process of its own, so the server being measured never holds
// the generator's memory: exceljs keeps a whole workbook of 1M rows before it writes it, and that
// heap (and the pages it leaves mapped) would blur the server's RSS and its next full collection.
//   tsx bench/import-gen.ts <csv|xlsx> <rows> <file> <dataDir> <now>
import { loadValidDataset } from '../server/dataset/load-valid';
import { benchRows, writeCsv, writeXlsx } from './import-files';

const [format, rows, file, dataDir, now] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const dataset = await loadValidDataset(dataDir, null);
const regions = dataset.regions.features.map((f) => f.properties);
const list = benchRows(Number(rows), regions, Number(now));
await (format === 'csv' ? writeCsv(file, list) : writeXlsx(file, list));
