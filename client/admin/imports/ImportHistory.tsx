// Every import, newest first: file, source, who, when, counts, duration; its reject report and undo.
import { useEffect, useState } from 'react';
import { useAdmin } from '../admin-context';
import { download, getJson, sendJson } from '../api';
import type { ImportDoc } from '@shared/admin-api';
import { ImportHistoryTable } from './ImportHistoryTable';
import { isRunning } from './use-import';

/** The list, reloaded on refreshKey and, while a step runs, every 800 ms. */
function useImportList(refreshKey: number, setError: (m: string) => void): ImportDoc[] {
  const [list, setList] = useState<ImportDoc[]>([]);
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
  }, [refreshKey, busy]);
  return list;
}

export function ImportHistory(props: { refreshKey: number; onChanged: () => void }) {
  const { t, lang } = useAdmin();
  const [asking, setAsking] = useState<ImportDoc | null>(null);
  const [error, setError] = useState('');
  const list = useImportList(props.refreshKey, setError);

  function undo(d: ImportDoc) {
    setAsking(null);
    sendJson('POST', `/api/imports/${d.id}/undo`).then(props.onChanged, (e: Error) =>
      setError(e.message),
    );
  }
  const report = (d: ImportDoc) =>
    void download(`/api/imports/${d.id}/rejects.csv`, `${d.id}-rejects.csv`).catch((e: Error) =>
      setError(e.message),
    );
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
        <ImportHistoryTable list={list} when={when} onReport={report} onUndo={setAsking} />
      )}
    </section>
  );
}
