// Signed out: the sign-in card. Signed in: header with tabs (imports, tokens, dataset).
import { useEffect, useMemo, useState } from 'react';
import type { Lang } from '../i18n/strings';
import { AdminContext } from './admin-context';
import { ADMIN_STRINGS } from './admin-strings';
import { getJson, session } from './api';
import { DatasetPanel } from './DatasetPanel';
import { ImportsPanel } from './imports/ImportsPanel';
import { SignIn, type WhoAmI } from './SignIn';
import { TokensPanel } from './TokensPanel';

type Tab = 'imports' | 'tokens' | 'dataset';

export function AdminApp({ lang }: { lang: Lang }) {
  const t = ADMIN_STRINGS[lang];
  const [who, setWho] = useState<WhoAmI | null>(null);
  const [tab, setTab] = useState<Tab>('imports');
  const [checking, setChecking] = useState(() => session.get() !== null);

  // A reload keeps the session's token: check it once more rather than trust it.
  useEffect(() => {
    if (!checking) return;
    getJson<WhoAmI>('/api/admin/whoami')
      .then(setWho, () => session.clear())
      .finally(() => setChecking(false));
  }, [checking]);

  const ctx = useMemo(() => ({ lang, t, reasons: who?.reasons ?? {} }), [lang, t, who]);
  const otherLang = lang === 'zh' ? '?lang=en' : '?';

  return (
    <AdminContext.Provider value={ctx}>
      <div className="admin">
        <header className="admin-header">
          <div className="admin-brand">
            <h1>{t.title}</h1>
            <span>{t.subtitle}</span>
          </div>
          {who && (
            <nav className="admin-tabs" role="tablist">
              {(['imports', 'tokens', 'dataset'] as const).map((k) => (
                <button
                  key={k}
                  role="tab"
                  aria-selected={tab === k}
                  className={tab === k ? 'active' : ''}
                  data-tab={k}
                  onClick={() => setTab(k)}
                >
                  {k === 'imports' ? t.tabImports : k === 'tokens' ? t.tabTokens : t.tabDataset}
                </button>
              ))}
            </nav>
          )}
          <div className="admin-user">
            {who && <span>{t.signedInAs(who.name)}</span>}
            <a href={`/admin${otherLang}`}>{t.language}</a>
            {who && (
              <button
                className="btn ghost"
                onClick={() => {
                  session.clear();
                  setWho(null);
                }}
              >
                {t.signOut}
              </button>
            )}
          </div>
        </header>
        <main className="admin-main">
          {checking ? (
            <p className="muted">{t.loading}</p>
          ) : !who ? (
            <SignIn onSignedIn={setWho} />
          ) : tab === 'imports' ? (
            <ImportsPanel />
          ) : tab === 'tokens' ? (
            <TokensPanel />
          ) : (
            <DatasetPanel />
          )}
        </main>
      </div>
    </AdminContext.Provider>
  );
}
