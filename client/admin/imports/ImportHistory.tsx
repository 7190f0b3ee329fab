// Every import, newest first: file, source, who, when, counts, duration; its reject report and undo.
import { useEffect, useState } from 'react';
import { useAdmin } from '../admin-context';
import { download, getJson, sendJson } from '../api';
import type { ImportDoc } from '../types';
import { isRunning } from './use-import';

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

export function ImportHistory(props: { refreshKey: number; onChanged: () => void }) {
  const { t, lang } = useAdmin();
  const [list, setList] = useState<ImportDoc[]>([]);
  const [asking, setAsking] = useState<ImportDoc | null>(null);
  const [error, setError] = useState('');

  const busy = list.some((d) => isRunning(d.status));
  useEffect(() => {
    let stop = false;
    const load = () =>
      getJson<{ imports: ImportDoc[] }>('/api/imports').then(
        (r) => !stop && setList(r.imports),
        (e: Error) => !stop && setError(e.message),
      );
    void load();
    // While an undo (or any step) runs, follow it so the row's status and counts settle.
    const timer = busy ? window.setInterval(() => void load(), 800) : undefined;
    return () => {
      stop = true;
      window.clearInterval(timer);
    };
  }, [props.refreshKey, busy]);

  function undo(d: ImportDoc) {
    setAsking(null);
    sendJson('POST', `/api/imports/${d.id}/undo`).then(props.onChanged, (e: Error) =>
      setError(e.message),
    );
  }

  const when = (iso: string) =>
    new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
      timeZone: 'Asia/Shanghai',
      hour12: false,
    });

  return (
    <section className="card history">
      <h3>{t.history}</h3>
      {error && <p className="error">{error}</p>}
      {asking && (
        <div className="confirm" role="alertdialog" data-testid="undo-confirm">
          <p>{t.undoConfirm(asking.fileName, asking.result?.accepted ?? 0)}</p>
          <button className="btn danger" onClick={() => undo(asking)}>
            {t.confirm}
          </button>
          <button className="btn ghost" onClick={() => setAsking(null)}>
            {t.cancel}
          </button>
        </div>
      )}
      {list.length === 0 ? (
        <p className="muted">{t.noImports}</p>
      ) : (
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
              <tr key={d.id} data-import={d.id}>
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
                <td className="num">
                  {d.result?.seconds !== undefined ? `${d.result.seconds} s` : '—'}
                </td>
                <td data-testid="status">{t.statusName[d.status] ?? d.status}</td>
                <td className="row-actions">
                  {d.result && (
                    <button
                      className="btn small"
                      onClick={() =>
                        void download(
                          `/api/imports/${d.id}/rejects.csv`,
                          `${d.id}-rejects.csv`,
                        ).catch((e: Error) => setError(e.message))
                      }
                    >
                      {t.report}
                    </button>
                  )}
                  {d.result && ['imported', 'failed'].includes(d.status) && (
                    <button className="btn small danger" onClick={() => setAsking(d)}>
                      {t.undo}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
