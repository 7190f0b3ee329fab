// The import being worked on in the panel: its doc (polled while a step runs), the column and value
// edits made after a dry run, and the actions that send them.
import { useEffect, useState } from 'react';
import { getJson, sendJson, uploadFile } from '../api';
import type { ColumnMapping, ImportDoc, NamedMapping } from '@shared/admin-api';
import { useImport } from './use-import';
import { planValues, type Choice } from './value-choices';

const BUILT_IN_SOURCES = ['12345', '网格系统'];

/** The sources a file can be uploaded as: the built-in ones and every saved mapping's. */
export function useSources(): string[] {
  const [sources, setSources] = useState(BUILT_IN_SOURCES);
  useEffect(() => {
    getJson<{ mappings: Array<{ source: string }> }>('/api/import-mappings').then(
      (r) => setSources([...new Set([...BUILT_IN_SOURCES, ...r.mappings.map((m) => m.source)])]),
      () => undefined,
    );
  }, []);
  return sources;
}

export function useImportFlow() {
  const { doc, setDoc, error, setError, reset } = useImport();
  const [uploading, setUploading] = useState(false);
  const [columns, setColumns] = useState<ColumnMapping>({});
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [dirty, setDirty] = useState(false);
  const [saved, setSaved] = useState(false);
  const [historyKey, setHistoryKey] = useState(0);

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
  const plan = doc?.dryRun
    ? planValues(doc.dryRun.unmapped, choices, doc.settings.mapping.values)
    : null;
  const mapping = (): NamedMapping => ({ columns, values: plan?.values ?? {} });
  const withPolicy = plan?.policy ? { onUnmapped: plan.policy } : {};

  return {
    doc,
    error,
    reset,
    uploading,
    columns,
    choices,
    dirty,
    saved,
    historyKey,
    historyChanged: () => setHistoryKey((k) => k + 1),
    editColumns: (c: ColumnMapping) => {
      setColumns(c);
      setDirty(true);
    },
    choose: (k: string, c: Choice) => {
      setChoices({ ...choices, [k]: c });
      setDirty(true);
    },
    upload: (f: File, source: string, encoding: string) => {
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
    },
    dryRunAgain: () => {
      setDirty(false);
      setError('');
      const body = { mapping: mapping(), ...withPolicy };
      act(sendJson<ImportDoc>('POST', `/api/imports/${doc!.id}/dry-run`, body));
    },
    run: () => {
      setError('');
      act(sendJson<ImportDoc>('POST', `/api/imports/${doc!.id}/run`, withPolicy));
    },
    save: () => {
      sendJson('PUT', `/api/import-mappings/${encodeURIComponent(doc!.source)}`, mapping()).then(
        () => setSaved(true),
        (e: Error) => setError(e.message),
      );
    },
  };
}

export type ImportFlow = ReturnType<typeof useImportFlow>;
