// The one ECharts wrapper. Tree-shaken core, merge-mode updates (notMerge=false, lazyUpdate),
// disposed on unmount by echarts-for-react. The chart is only created once its box has a size:
// initialising on a zero-size div is what prints "Can't get DOM width or height".
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { echarts } from './echarts-setup';
import type { ChartOption } from './option-types';

export interface ChartClick {
  componentType: string;
  dataIndex?: number;
  /** For axis-label clicks (triggerEvent): the label's value. */
  value?: unknown;
}

export interface EChartProps {
  option: ChartOption;
  onClick?: (e: ChartClick) => void;
}

const OPTS = { renderer: 'canvas' as const };
const FILL = { width: '100%', height: '100%' };

export function EChart({ option, onClick }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [sized, setSized] = useState(false);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const check = () => setSized(el.clientWidth > 0 && el.clientHeight > 0);
    check();
    const ro = new ResizeObserver(check);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  // A stable events object: echarts-for-react rebinds handlers whenever it changes.
  const onEvents = useMemo(
    () => (onClick ? { click: (e: ChartClick) => onClick(e) } : undefined),
    [onClick],
  );
  return (
    <div ref={box} className="chart">
      {sized && (
        <ReactEChartsCore
          echarts={echarts}
          option={option}
          notMerge={false}
          lazyUpdate
          opts={OPTS}
          style={FILL}
          onEvents={onEvents}
        />
      )}
    </div>
  );
}
