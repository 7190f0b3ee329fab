import { useMemo } from 'react';
import { I18nContext } from './i18n/i18n-context';
import { levelNamesOf } from './i18n/level-strings';
import { STRINGS, stringsFor, type Lang } from './i18n/strings';
import { useScreen } from './store/store';
import { Screen } from './screen/Screen';
import { ModeHost, modeFromSearch } from './modes/ModeHost';

// ?mode=exhibition|briefing overlay the wall; ?mode=presenter replaces it (modes/ModeHost.tsx).
const mode = modeFromSearch(location.search);

export function App({ lang }: { lang: Lang }) {
  // Levels are named after the dataset (街道 or 镇/开发区…) once its geometry has arrived.
  const geo = useScreen((s) => s.geo);
  const i18n = useMemo(
    () => ({ lang, t: geo ? stringsFor(lang, levelNamesOf(geo)) : STRINGS[lang] }),
    [lang, geo],
  );
  return (
    <I18nContext.Provider value={i18n}>
      {mode !== 'presenter' && <Screen />}
      <ModeHost mode={mode} />
    </I18nContext.Provider>
  );
}
