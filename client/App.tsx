import { useMemo } from 'react';
import { I18nContext } from './i18n/i18n-context';
import { STRINGS, type Lang } from './i18n/strings';
import { Screen } from './screen/Screen';

export function App({ lang }: { lang: Lang }) {
  const i18n = useMemo(() => ({ lang, t: STRINGS[lang] }), [lang]);
  return (
    <I18nContext.Provider value={i18n}>
      <Screen />
    </I18nContext.Provider>
  );
}
