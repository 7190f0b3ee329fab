// The few words only the map uses (the shared i18n strings hold the rest).
import type { Lang } from '../i18n/strings';

export const MAP_STRINGS: Record<Lang, { schematic: string }> = {
  zh: { schematic: '街道、社区、网格边界为示意' },
  en: { schematic: 'Street, community and grid borders are schematic' },
};
