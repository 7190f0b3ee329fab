// The problem-flow panels: 30-day trend, categories, sources, tiered response. Each is a Panel
// around one EChart whose option comes from a pure builder, memoised on the slice it reads.
import { useMemo } from 'react';
import { Panel } from '../screen/Panel';
import type { ScreenState } from '../store/screen-state';
import { useScreen } from '../store/store';
import { pct } from '../util/format';
import { EChart } from './EChart';
import { categoryOption } from './category-option';
import { sourceOption } from './source-option';
import { escalationShare, tierOption } from './tier-option';
import { trendOption } from './trend-option';
import { useChartContext } from './use-chart-context';

const rolling30 = (s: ScreenState) => s.view?.windows.rolling30;

export function TrendPanel() {
  const ctx = useChartContext();
  const trend = useScreen((s) => s.view?.trend);
  const option = useMemo(() => trend && trendOption(trend, ctx), [trend, ctx]);
  return (
    <Panel title={ctx.t.trendTitle} loading={!option} testId="panel-trend">
      {option && <EChart option={option} />}
    </Panel>
  );
}

export function CategoryPanel() {
  const ctx = useChartContext();
  const w = useScreen(rolling30);
  const option = useMemo(() => w && categoryOption(w.categories, ctx), [w, ctx]);
  return (
    <Panel
      title={ctx.t.categoryTitle}
      extra={ctx.t.last30}
      loading={!option}
      testId="panel-category"
    >
      {option && <EChart option={option} />}
    </Panel>
  );
}

export function SourcePanel() {
  const ctx = useChartContext();
  const w = useScreen(rolling30);
  const option = useMemo(() => w && sourceOption(w.sources, ctx), [w, ctx]);
  return (
    <Panel title={ctx.t.sourceTitle} extra={ctx.t.last30} loading={!option} testId="panel-source">
      {option && <EChart option={option} />}
    </Panel>
  );
}

export function TierPanel() {
  const ctx = useChartContext();
  const w = useScreen(rolling30);
  const option = useMemo(() => w && tierOption(w.tiers, ctx), [w, ctx]);
  const share = w ? escalationShare(w.tiers) : null;
  return (
    <Panel
      title={ctx.t.tierTitle}
      extra={
        <>
          {ctx.t.escalationShare} <b>{pct(share)}%</b>
        </>
      }
      loading={!option}
      testId="panel-tier"
    >
      {option && <EChart option={option} />}
    </Panel>
  );
}
