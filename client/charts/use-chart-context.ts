import { useMemo } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { useRem } from '../screen/fit-context';
import type { ChartContext } from './option-types';

/** Words and rem for the option builders; a new object only when either changes. */
export function useChartContext(): ChartContext {
  const { t } = useI18n();
  const rem = useRem();
  return useMemo(() => ({ t, rem }), [t, rem]);
}
