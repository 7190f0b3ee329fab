// The admin token is typed here and kept in sessionStorage for this tab only (never in a URL).
import { useState, type FormEvent } from 'react';
import { useAdmin } from './admin-context';
import { ApiFailure, getJson, session } from './api';
import type { Reasons } from '@shared/admin-api';

export interface WhoAmI {
  name: string;
  scope: string;
  reasons: Reasons;
}

export function SignIn({ onSignedIn }: { onSignedIn: (w: WhoAmI) => void }) {
  const { t } = useAdmin();
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const who = await getJson<WhoAmI>('/api/admin/whoami', token.trim());
      session.set(token.trim());
      onSignedIn(who);
    } catch (err) {
      const f = err instanceof ApiFailure ? err : null;
      setError(
        f?.status === 403
          ? t.notAdmin
          : f?.status === 401
            ? t.wrongToken
            : String(f?.message ?? err),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card signin" onSubmit={(e) => void submit(e)}>
      <h2>{t.signInTitle}</h2>
      <label>
        {t.tokenLabel}
        <input
          name="token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          autoFocus
        />
      </label>
      <button className="btn primary" disabled={busy || token.trim() === ''}>
        {t.signIn}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
