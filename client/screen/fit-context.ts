// The current rem (px) for code that sizes in pixels (ECharts options).
import { createContext, useContext } from 'react';

export const RemContext = createContext(16);

export function useRem(): number {
  return useContext(RemContext);
}
