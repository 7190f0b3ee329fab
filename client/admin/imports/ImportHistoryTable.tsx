// The history as a table: one row per import with its counts (stored / duplicates / rejected),
// its reject report and, for one that ran, undo (asked for, not done, here).
import { useAdmin } from '../admin-context';
import type { ImportDoc } from '@shared/admin-api';

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

interface RowProps {
  d: ImportDoc;
  when: (iso: string) => string;
  onReport: (d: ImportDoc) => void;
  onUndo: (d: ImportDoc) => void;
}

function ImportRow({ d, when, onReport, onUndo }: RowProps) {
  const { t } = useAdmin();
  return (
    <tr data-import={d.id}>
      <td className="value" title={d.fileName}>
        {d.fileName}
      </td>
      <td>{d.source}</td>
      <td>{d.by ?? '—'}</td>
      <td>{when(d.createdAt)}</td>
      <td className="num">
        {d.result
          ? `${d.result.accepted} / ${d.result.duplicates} / ${sum(d.result.rejected)}`
          : '—'}
      </td>
      <td className="num">{d.result?.seconds !== undefined ? `${d.result.seconds} s` : '—'}</td>
      <td data-testid="status">{t.statusName[d.status] ?? d.status}</td>
      <td className="row-actions">
        {d.result && (
          <button className="btn small" onClick={() => onReport(d)}>
            {t.report}
          </button>
        )}
        {d.result && ['imported', 'failed'].includes(d.status) && (
          <button className="btn small danger" onClick={() => onUndo(d)}>
            {t.undo}
          </button>
        )}
      </td>
    </tr>
  );
}

export function ImportHistoryTable({ list, ...row }: { list: ImportDoc[] } & Omit<RowProps, 'd'>) {
  const { t } = useAdmin();
  return (
    <table className="grid-table" data-testid="history">
      <thead>
        <tr>
          <th>{t.file}</th>
          <th>{t.source}</th>
          <th>{t.who}</th>
          <th>{t.when}</th>
          <th className="num">{t.counts}</th>
          <th className="num">{t.duration}</th>
          <th>{t.status}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {list.map((d) => (
          <ImportRow key={d.id} d={d} {...row} />
        ))}
      </tbody>
    </table>
  );
}
