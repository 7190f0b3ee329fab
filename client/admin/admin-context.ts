import { createContext, useContext } from 'react';
import type { Lang } from '../i18n/strings';
import { ADMIN_STRINGS, type AdminStrings } from './admin-strings';
import type { Reasons } from '@shared/admin-api';

export interface AdminCtx {
  lang: Lang;
  t: AdminStrings;
  reasons: Reasons;
}

export const AdminContext = createContext<AdminCtx>({
  lang: 'zh',
  t: ADMIN_STRINGS.zh,
  reasons: {},
});
export const useAdmin = () => useContext(AdminContext);

/** A reject reason in the page's language (the server's words; the code when unknown). */
export function reasonWord(c: AdminCtx, code: string): string {
  const r = c.reasons[code];
  return r ? r[c.lang === 'zh' ? 0 : 1] : code;
}
