// The wall: header, side columns of panels, and the map in the middle with its overlays. Which
// panel sits where comes from arrange(), how big everything is from the fit (rem).
import type { ReactNode } from 'react';
import { BacklogPanel, RankingPanel } from '../charts/RegionPanels';
import { CategoryPanel, SourcePanel, TierPanel, TrendPanel } from '../charts/FlowPanels';
import { OverviewPanel, StationPanel, VolunteerPanel } from '../charts/FigurePanels';
import { useFit } from '../hooks/use-fit';
import { MapView } from '../map/MapView';
import { Ticker } from '../ticker/Ticker';
import { arrange, type Column, type PanelId } from './arrange';
import { Breadcrumb } from './Breadcrumb';
import { RemContext } from './fit-context';
import { Header } from './Header';
import { Headline } from './Headline';
import { MapControls } from './MapControls';
import { ScopeKpis } from './ScopeKpis';
import { TokenNotice } from './TokenNotice';

function panel(id: PanelId, rows: number): ReactNode {
  switch (id) {
    case 'overview':
      return <OverviewPanel />;
    case 'trend':
      return <TrendPanel />;
    case 'category':
      return <CategoryPanel />;
    case 'source':
      return <SourcePanel />;
    case 'tier':
      return <TierPanel />;
    case 'ranking':
      return <RankingPanel rows={rows} />;
    case 'backlog':
      return <BacklogPanel rows={rows} />;
    case 'volunteers':
      return <VolunteerPanel />;
    case 'stations':
      return <StationPanel />;
    case 'ticker':
      return <Ticker />;
  }
}

/** GAP between panels, in rem (also in screen.css as --gap). */
const GAP = 1;

function Columns({ columns, width }: { columns: Column[]; width: number }) {
  return columns.map((col, i) => (
    <div key={i} className="column" style={{ width: `${width}rem` }}>
      {col.map((slot) => (
        // A panel spanning n rows also spans the n-1 gaps between them: flex-basis carries the
        // gaps so panel edges line up across columns.
        <div
          key={slot.id}
          className="slot"
          style={{ flex: `${slot.rows} ${slot.rows} ${(slot.rows - 1) * GAP}rem` }}
        >
          {panel(slot.id, slot.rows)}
        </div>
      ))}
    </div>
  ));
}

export function Screen() {
  const fit = useFit();
  const layout = arrange(fit.columnsPerSide);
  return (
    <RemContext.Provider value={fit.rem}>
      <div className={`screen cols-${fit.columnsPerSide}`}>
        <Header />
        <main className="screen-body">
          <Columns columns={layout.left} width={fit.columnRem} />
          <div className="center">
            <Headline />
            <div className="map-box">
              <MapView />
              <i className="map-frame" />
              {/* The map draws its legend bottom-left; the page's overlays keep to the other corners. */}
              <div className="map-top-left">
                <Breadcrumb />
              </div>
              <div className="map-top-right">
                <ScopeKpis />
              </div>
              <MapControls />
              <TokenNotice />
            </div>
            {layout.below.length > 0 && (
              <div className="below">
                {layout.below.map((b) => (
                  <div key={b.id} className="slot" style={{ flex: `${b.weight} 1 0` }}>
                    {panel(b.id, 1)}
                  </div>
                ))}
              </div>
            )}
          </div>
          <Columns columns={layout.right} width={fit.columnRem} />
        </main>
      </div>
    </RemContext.Provider>
  );
}
