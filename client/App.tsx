import { useMemo } from 'react';
import { I18nContext } from './i18n/i18n-context';
import { STRINGS, type Lang } from './i18n/strings';
import { Screen } from './screen/Screen';
import { ModeHost, modeFromSearch } from './modes/ModeHost';

// ?mode=exhibition|briefing overlay the wall; ?mode=presenter replaces it (modes/ModeHost.tsx).
const mode = modeFromSearch(location.search);

export function App({ lang }: { lang: Lang }) {
  const i18n = useMemo(() => ({ lang, t: STRINGS[lang] }), [lang]);
  return (
    <I18nContext.Provider value={i18n}>
      {mode !== 'presenter' && <Screen />}
      <ModeHost mode={mode} />
    </I18nContext.Provider>
  );
}
