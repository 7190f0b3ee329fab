// Panels over the scope's child regions: the ranking (by the map's metric) and the backlog.
// Clicking a row — bar or name — drills into that region.
import { useCallback, useMemo } from 'react';
import type { RegionInfo } from '@shared/protocol';
import { useI18n } from '../i18n/i18n-context';
import { Panel } from '../screen/Panel';
import { childLevel, childrenOf, regionTree } from '../screen/scope-data';
import { store, useScreen } from '../store/store';
import { EChart, type ChartClick } from './EChart';
import { backlogOption } from './backlog-option';
import { rankingOption } from './ranking-option';
import { backlogRows, rankRows } from './ranking-rows';
import { useChartContext } from './use-chart-context';

/** Children of the scope the panels' data is for (view.scope, not the scope being fetched). */
function useChildren(): { children: RegionInfo[]; level: ReturnType<typeof childLevel> } {
  const geo = useScreen((s) => s.geo);
  const scope = useScreen((s) => s.view?.scope);
  return useMemo(() => {
    if (!geo || !scope) return { children: [], level: null };
    return { children: childrenOf(geo, scope.id), level: childLevel(scope.level) };
  }, [geo, scope]);
}

/** Row click → drill down; works for a bar (dataIndex) and for a y-axis name label (value). */
function useDrill(rows: Array<{ id: string; name: string }>) {
  return useCallback(
    (e: ChartClick) => {
      const row =
        e.componentType === 'series'
          ? rows[e.dataIndex ?? -1]
          : rows.find((r) => r.name === e.value);
      const region = row && regionById(row.id);
      if (region) store.dispatch('scope', { level: region.level, id: region.id });
    },
    [rows],
  );
}

function regionById(id: string): RegionInfo | undefined {
  const geo = store.get().geo;
  return geo ? regionTree(geo).byId.get(id) : undefined;
}

/**
 * A panel's period; at a community with problems in none of its grids (未落网格), their count
 * instead (the grids' rows leave them out, the community's own figure does not). Both would not
 * fit beside an English title ("Grids by closure rate") on a 1920×1080 wall.
 */
function PeriodOrNotInGrid({ period, count, id }: { period: string; count?: number; id: string }) {
  const { t } = useI18n();
  if (!count) return period;
  return (
    <>
      {t.notInGrid} <b data-testid={`not-in-grid-${id}`}>{count}</b>
      {t.unitItems}
    </>
  );
}

export function RankingPanel({ rows: slots }: { rows: number }) {
  const ctx = useChartContext();
  const view = useScreen((s) => s.view);
  const metric = useScreen((s) => s.metric);
  const { children, level } = useChildren();
  // A one-row panel fits 8 names legibly; a tall one shows up to 13 (every street of 金牛区).
  const limit = slots > 1 ? 13 : 8;
  const rows = useMemo(
    () => (view ? rankRows(view, children, metric, limit, ctx.t.notInGrid) : []),
    [view, children, metric, limit, ctx.t.notInGrid],
  );
  const option = useMemo(() => rankingOption(rows, metric, ctx), [rows, metric, ctx]);
  const onClick = useDrill(rows);
  const title = level ? ctx.t.rankBy(level, metric) : ctx.t.rankingTitle('street');
  return (
    <Panel
      title={title}
      extra={
        <PeriodOrNotInGrid
          period={ctx.t.last30}
          // What the 未落网格 row's figure stands on: its open problems, or its reports to rate.
          count={metric === 'open' ? view?.unplaced?.open : view?.unplaced?.reported}
          id="ranking"
        />
      }
      loading={!view}
      testId="panel-ranking"
    >
      {rows.length > 0 ? (
        <EChart option={option} onClick={onClick} />
      ) : (
        <div className="panel-empty">{ctx.t.noData}</div>
      )}
    </Panel>
  );
}

export function BacklogPanel({ rows: slots }: { rows: number }) {
  const ctx = useChartContext();
  const view = useScreen((s) => s.view);
  const { children, level } = useChildren();
  const limit = slots > 1 ? 13 : 7;
  const rows = useMemo(
    () => (view ? backlogRows(view, children, limit, ctx.t.notInGrid) : []),
    [view, children, limit, ctx.t.notInGrid],
  );
  const option = useMemo(() => backlogOption(rows, ctx), [rows, ctx]);
  const onClick = useDrill(rows);
  return (
    <Panel
      title={ctx.t.backlogTitle(level ?? 'street')}
      extra={<PeriodOrNotInGrid period={ctx.t.current} count={view?.unplaced?.open} id="backlog" />}
      loading={!view}
      testId="panel-backlog"
    >
      {rows.length > 0 ? (
        <EChart option={option} onClick={onClick} />
      ) : (
        <div className="panel-empty">{ctx.t.noData}</div>
      )}
    </Panel>
  );
}
