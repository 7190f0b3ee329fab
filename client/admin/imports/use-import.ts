// One import followed while a step runs: GET /api/imports/:id every 400 ms until the step ends.
import { useCallback, useEffect, useRef, useState } from 'react';
import { getJson } from '../api';
import type { ImportDoc, ImportStatus } from '@shared/admin-api';

const RUNNING: ImportStatus[] = ['dry_running', 'importing', 'undoing'];
export const isRunning = (s: ImportStatus) => RUNNING.includes(s);
const POLL_MS = 400;

export function useImport() {
  const [doc, setDoc] = useState<ImportDoc | null>(null);
  const [error, setError] = useState('');
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => {
    window.clearTimeout(timer.current);
    if (!doc || !isRunning(doc.status)) return;
    timer.current = window.setTimeout(() => {
      getJson<ImportDoc>(`/api/imports/${doc.id}`).then(setDoc, (e: Error) => setError(e.message));
    }, POLL_MS);
    return () => window.clearTimeout(timer.current);
  }, [doc]);

  const reset = useCallback(() => {
    setDoc(null);
    setError('');
  }, []);
  return { doc, setDoc, error, setError, reset };
}
