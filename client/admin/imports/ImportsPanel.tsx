// Upload → dry run (fix columns and values, dry run again) → run with live progress; history below.
import { useEffect, useState } from 'react';
import { useAdmin } from '../admin-context';
import { getJson, sendJson, uploadFile } from '../api';
import type { ColumnMapping, ImportDoc, NamedMapping } from '../types';
import { ColumnEditor } from './ColumnEditor';
import { DryRunSummary, SampleTable } from './DryRunView';
import { ImportHistory } from './ImportHistory';
import { RunProgress } from './RunProgress';
import { UploadBox } from './UploadBox';
import { useImport } from './use-import';
import { planValues, type Choice } from './value-choices';
import { ValueTable } from './ValueTable';

const BUILT_IN_SOURCES = ['12345', '网格系统'];

export function ImportsPanel() {
  const { t } = useAdmin();
  const { doc, setDoc, error, setError, reset } = useImport();
  const [source, setSource] = useState('12345');
  const [encoding, setEncoding] = useState('auto');
  const [sources, setSources] = useState(BUILT_IN_SOURCES);
  const [uploading, setUploading] = useState(false);
  const [columns, setColumns] = useState<ColumnMapping>({});
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [dirty, setDirty] = useState(false);
  const [saved, setSaved] = useState(false);
  const [historyKey, setHistoryKey] = useState(0);

  useEffect(() => {
    getJson<{ mappings: Array<{ source: string }> }>('/api/import-mappings').then(
      (r) => setSources([...new Set([...BUILT_IN_SOURCES, ...r.mappings.map((m) => m.source)])]),
      () => undefined,
    );
  }, []);

  // A finished dry run brings the guess the editors start from (only on the first one).
  const dryDone = doc?.status === 'dry_run';
  useEffect(() => {
    if (dryDone && doc.dryRun && !dirty) setColumns(doc.dryRun.columns);
  }, [dryDone, doc?.id]);
  useEffect(() => {
    if (doc && ['imported', 'failed', 'undone'].includes(doc.status)) setHistoryKey((k) => k + 1);
  }, [doc?.status, doc]);

  const act = (p: Promise<ImportDoc>): void =>
    void p.then(setDoc, (e: Error) => setError(e.message)).finally(() => setUploading(false));

  function upload(f: File) {
    reset();
    setUploading(true);
    setDirty(false);
    setChoices({});
    setSaved(false);
    const q = new URLSearchParams({ source, filename: f.name, encoding });
    act(
      uploadFile<ImportDoc>(`/api/imports?${q}`, f).then((d) =>
        sendJson<ImportDoc>('POST', `/api/imports/${d.id}/dry-run`, {}),
      ),
    );
  }

  const plan = doc?.dryRun
    ? planValues(doc.dryRun.unmapped, choices, doc.settings.mapping.values)
    : null;
  const mapping = (): NamedMapping => ({ columns, values: plan?.values ?? {} });

  function dryRunAgain() {
    setDirty(false);
    setError('');
    const body = { mapping: mapping(), ...(plan?.policy ? { onUnmapped: plan.policy } : {}) };
    act(sendJson<ImportDoc>('POST', `/api/imports/${doc!.id}/dry-run`, body));
  }

  function run() {
    setError('');
    act(
      sendJson<ImportDoc>(
        'POST',
        `/api/imports/${doc!.id}/run`,
        plan?.policy ? { onUnmapped: plan.policy } : {},
      ),
    );
  }

  function save() {
    sendJson('PUT', `/api/import-mappings/${encodeURIComponent(doc!.source)}`, mapping()).then(
      () => setSaved(true),
      (e: Error) => setError(e.message),
    );
  }

  const status = doc?.status;
  return (
    <div className="imports">
      <div className="imports-work">
        {(!doc || status === 'failed' || status === 'undone') && (
          <UploadBox
            source={source}
            sources={sources}
            onSource={setSource}
            encoding={encoding}
            onEncoding={setEncoding}
            onFile={upload}
            busy={uploading}
          />
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {doc?.error && (
          <p className="error" role="alert">
            {doc.error.message}
          </p>
        )}
        {status === 'dry_running' && (
          <section className="card">
            <h3>{t.dryRunning}</h3>
            <progress max={doc!.progress.bytesTotal} value={doc!.progress.bytesRead} />
          </section>
        )}
        {status === 'dry_run' && doc!.dryRun && (
          <>
            <DryRunSummary doc={doc!} />
            <div className="actions">
              <button className="btn" onClick={dryRunAgain} data-testid="dry-run-again">
                {t.dryRunAgain}
              </button>
              <button className="btn" onClick={save} disabled={dirty}>
                {saved ? t.saved : t.saveMapping}
              </button>
              <button className="btn primary" onClick={run} disabled={dirty} data-testid="run">
                {t.runImport}
              </button>
            </div>
            <div className="editors">
              <ColumnEditor
                headers={doc!.header?.headers ?? []}
                columns={columns}
                onChange={(c) => {
                  setColumns(c);
                  setDirty(true);
                }}
              />
              <ValueTable
                unmapped={doc!.dryRun.unmapped}
                choices={choices}
                onChoice={(k, c) => {
                  setChoices({ ...choices, [k]: c });
                  setDirty(true);
                }}
              />
            </div>
            <SampleTable doc={doc!} />
          </>
        )}
        {(status === 'importing' || status === 'imported') && (
          <>
            <RunProgress doc={doc!} />
            {status === 'imported' && (
              <button className="btn primary" onClick={reset}>
                {t.newImport}
              </button>
            )}
          </>
        )}
      </div>
      <ImportHistory refreshKey={historyKey} onChanged={() => setHistoryKey((k) => k + 1)} />
    </div>
  );
}
