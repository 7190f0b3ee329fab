// Making a named token: name and scope in, the secret shown once (it is stored only as a hash).
import { useState, type FormEvent } from 'react';
import { useAdmin } from './admin-context';
import type { ConsoleScope } from '@shared/admin-api';

interface Props {
  /** Resolves true when the token was made (the name is then cleared for the next one). */
  onCreate: (name: string, scope: ConsoleScope) => Promise<boolean>;
  secret: string | null;
  error: string;
}

export function TokenForm({ onCreate, secret, error }: Props) {
  const { t } = useAdmin();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<ConsoleScope>('ingest');

  function create(e: FormEvent) {
    e.preventDefault();
    void onCreate(name.trim(), scope).then((made) => {
      if (made) setName('');
    });
  }

  return (
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
          onChange={(e) => setScope(e.target.value as ConsoleScope)}
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
  );
}
