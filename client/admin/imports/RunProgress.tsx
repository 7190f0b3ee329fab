// The live progress of a run: rows done of the dry run's total as a bar, bytes read of total,
// rows accepted/rejected, rate, ETA.
import { useAdmin } from '../admin-context';
import type { ImportDoc } from '@shared/admin-api';
import { runFraction } from './run-progress';

const mb = (n: number) => (n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 2 : 1);

export function RunProgress({ doc }: { doc: ImportDoc }) {
  const { t } = useAdmin();
  const p = doc.progress;
  const done = doc.status === 'imported';
  const rows = runFraction(doc);
  const bytes = done ? p.bytesTotal : p.bytesRead;
  return (
    <section className="card run">
      <h3>{done ? t.done : t.importing}</h3>
      <progress data-testid="progress" max={Math.max(1, rows.total)} value={rows.done} />
      <div className="facts">
        <div className="fact">
          <span>{t.progress}</span>
          <b>
            {rows.done.toLocaleString()} / {rows.total.toLocaleString()} (
            {Math.round((100 * rows.done) / Math.max(1, rows.total))}%)
          </b>
        </div>
        <div className="fact">
          <span>{t.bytes}</span>
          <b>
            {mb(bytes)} / {mb(p.bytesTotal)} MB
          </b>
        </div>
        <div className="fact ok">
          <span>{t.accepted}</span>
          <b data-testid="run-accepted">{(doc.result?.accepted ?? p.accepted).toLocaleString()}</b>
        </div>
        <div className="fact">
          <span>{t.duplicates}</span>
          <b>{(doc.result?.duplicates ?? 0).toLocaleString()}</b>
        </div>
        <div className="fact bad">
          <span>{t.rejected}</span>
          <b data-testid="run-rejected">{p.rejected.toLocaleString()}</b>
        </div>
        <div className="fact">
          <span>{t.rate(p.rowsPerSecond)}</span>
          <b>{done ? `${doc.result?.seconds ?? 0} s` : t.eta(rows.etaSeconds)}</b>
        </div>
      </div>
    </section>
  );
}
