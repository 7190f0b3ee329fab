// The reject report: a CSV with a BOM so Excel opens it as UTF-8, one line per rejected row with
// its row number, column, value and the reason in Chinese and English.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify, type Stringifier } from 'csv-stringify';
import type { Reasons } from '../../shared/admin-api';
import { describeReason } from './reasons';

const REPORT_HEADER = ['行号 row', '列 column', '值 value', '原因', 'reason', 'code'];

export interface RejectLine {
  row: number;
  column: string;
  value: string;
  reason: string;
}

export class RejectReport {
  private readonly out: WriteStream;
  private readonly csv: Stringifier;

  /** `reasons`: the dataset's wording (a county's 镇, 村), else the default table. */
  constructor(
    file: string,
    private readonly reasons?: Reasons,
  ) {
    this.out = createWriteStream(file);
    this.out.write('\ufeff');
    this.csv = stringify();
    this.csv.pipe(this.out);
    this.csv.write(REPORT_HEADER);
  }

  add(l: RejectLine): void {
    const [zh, en] = describeReason(l.reason, this.reasons);
    this.csv.write([l.row, l.column, l.value.slice(0, 500), zh, en, l.reason]);
  }

  async close(): Promise<void> {
    this.csv.end();
    await once(this.out, 'close');
  }
}
