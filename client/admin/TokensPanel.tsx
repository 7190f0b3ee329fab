// Named tokens: create (the secret shown once), list with created and last-used time, revoke.
import { useEffect, useState, type FormEvent } from 'react';
import { useAdmin } from './admin-context';
import { getJson, sendJson } from './api';
import type { ConsoleToken, TokenScope } from './types';

export function TokensPanel() {
  const { t, lang } = useAdmin();
  const [tokens, setTokens] = useState<ConsoleToken[]>([]);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('ingest');
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [key, setKey] = useState(0);

  useEffect(() => {
    getJson<{ tokens: ConsoleToken[] }>('/api/admin/tokens').then(
      (r) => setTokens(r.tokens),
      (e: Error) => setError(e.message),
    );
  }, [key]);

  function create(e: FormEvent) {
    e.preventDefault();
    setError('');
    sendJson<{ token: string }>('POST', '/api/admin/tokens', { name: name.trim(), scope }).then(
      (r) => {
        setSecret(r.token);
        setName('');
        setKey((k) => k + 1);
      },
      (err: Error) => setError(err.message),
    );
  }

  function revoke(id: string) {
    sendJson('DELETE', `/api/admin/tokens/${id}`).then(
      () => setKey((k) => k + 1),
      (err: Error) => setError(err.message),
    );
  }

  const when = (ms: number | null) =>
    ms === null
      ? t.never
      : new Date(ms).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
          timeZone: 'Asia/Shanghai',
          hour12: false,
        });

  return (
    <div className="tokens">
      <form className="card token-form" onSubmit={create}>
        <h3>{t.create}</h3>
        <label className="inline">
          {t.tokenName}
          <input
            name="token-name"
            value={name}
            maxLength={60}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="inline">
          {t.scope}
          <select
            name="token-scope"
            value={scope}
            onChange={(e) => setScope(e.target.value as TokenScope)}
          >
            {(['ingest', 'admin', 'presenter'] as const).map((s) => (
              <option key={s} value={s}>
                {t.scopeName[s]}
              </option>
            ))}
          </select>
        </label>
        <button className="btn primary" disabled={name.trim() === ''}>
          {t.create}
        </button>
        {secret && (
          <div className="secret" data-testid="new-token">
            <span>{t.createdOnce}</span>
            <code>{secret}</code>
          </div>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </form>
      <section className="card">
        <h3>{t.tokens}</h3>
        <table className="grid-table" data-testid="tokens">
          <thead>
            <tr>
              <th>{t.tokenName}</th>
              <th>{t.scope}</th>
              <th>{t.created}</th>
              <th>{t.lastUsed}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((k) => (
              <tr key={k.id} data-token={k.id} className={k.revokedAt ? 'revoked' : ''}>
                <td className="value">{k.name}</td>
                <td>{t.scopeName[k.scope]}</td>
                <td>{when(k.createdAt)}</td>
                <td>{when(k.lastUsedAt)}</td>
                <td className="row-actions">
                  {k.revokedAt ? (
                    <span className="muted">
                      {t.revoked} {when(k.revokedAt)}
                    </span>
                  ) : (
                    <button className="btn small danger" onClick={() => revoke(k.id)}>
                      {t.revoke}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
