// The option type of our charts: only the series and components registered in echarts-setup.ts.
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
} from 'echarts/components';
import type { Strings } from '../i18n/strings';

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TitleComponentOption
>;

/** What every option builder needs besides its data: words and the current rem in px. */
export interface ChartContext {
  t: Strings;
  rem: number;
}
