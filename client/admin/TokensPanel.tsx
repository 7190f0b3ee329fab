// Named tokens: create (the secret shown once), list with created and last-used time, revoke.
import { useEffect, useState } from 'react';
import { getJson, sendJson } from './api';
import { TokenForm } from './TokenForm';
import { TokenTable } from './TokenTable';
import type { ConsoleToken, ConsoleScope } from '@shared/admin-api';

export function TokensPanel() {
  const [tokens, setTokens] = useState<ConsoleToken[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [key, setKey] = useState(0);

  useEffect(() => {
    getJson<{ tokens: ConsoleToken[] }>('/api/admin/tokens').then(
      (r) => setTokens(r.tokens),
      (e: Error) => setError(e.message),
    );
  }, [key]);

  function create(name: string, scope: ConsoleScope): Promise<boolean> {
    setError('');
    return sendJson<{ token: string }>('POST', '/api/admin/tokens', { name, scope }).then(
      (r) => {
        setSecret(r.token);
        setKey((k) => k + 1);
        return true;
      },
      (err: Error) => {
        setError(err.message);
        return false;
      },
    );
  }

  function revoke(id: string) {
    sendJson('DELETE', `/api/admin/tokens/${id}`).then(
      () => setKey((k) => k + 1),
      (err: Error) => setError(err.message),
    );
  }

  return (
    <div className="tokens">
      <TokenForm onCreate={create} secret={secret} error={error} />
      <TokenTable tokens={tokens} onRevoke={revoke} />
    </div>
  );
}
