// The named tokens with when each was made and last used (Shanghai time); revoke the live ones.
import { useAdmin } from './admin-context';
import type { ConsoleToken } from '@shared/admin-api';

export function TokenTable({
  tokens,
  onRevoke,
}: {
  tokens: ConsoleToken[];
  onRevoke: (id: string) => void;
}) {
  const { t, lang } = useAdmin();
  const when = (ms: number | null) =>
    ms === null
      ? t.never
      : new Date(ms).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
          timeZone: 'Asia/Shanghai',
          hour12: false,
        });
  return (
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
                  <button className="btn small danger" onClick={() => onRevoke(k.id)}>
                    {t.revoke}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
