// Panels of people and places: the scope at a glance, volunteer service, stations by kind.
import { useMemo } from 'react';
import { Panel } from '../screen/Panel';
import { useScreen } from '../store/store';
import { int } from '../util/format';
import { EChart } from './EChart';
import { stationOption, stationTotal } from './station-option';
import { useChartContext } from './use-chart-context';
import { volunteerOption } from './volunteer-option';

interface Tile {
  id: string;
  label: string;
  value: string;
  unit: string;
}

function Tiles({ tiles }: { tiles: Tile[] }) {
  return (
    <div className="tiles">
      {tiles.map((x) => (
        <div key={x.id} className="tile">
          <div className="tile-value">
            <span data-testid={`figure-${x.id}`}>{x.value}</span>
            {x.unit && <small>{x.unit}</small>}
          </div>
          <div className="tile-label">{x.label}</div>
        </div>
      ))}
    </div>
  );
}

export function OverviewPanel() {
  const { t } = useChartContext();
  const f = useScreen((s) => s.view?.figures);
  const tiles: Tile[] = f
    ? [
        { id: 'households', label: t.households, value: int(f.households), unit: t.unitHouseholds },
        { id: 'population', label: t.population, value: int(f.population), unit: t.unitPeople },
        { id: 'grids', label: t.grids, value: int(f.grids), unit: t.unitPlaces },
        { id: 'grid-members', label: t.gridMembers, value: int(f.gridMembers), unit: t.unitPeople },
        {
          id: 'party-members',
          label: t.partyMembers,
          value: int(f.partyMembers),
          unit: t.unitPeople,
        },
        { id: 'volunteers', label: t.volunteers, value: int(f.volunteers), unit: t.unitPeople },
      ]
    : [];
  return (
    <Panel title={t.overviewTitle} extra={t.current} loading={!f} testId="panel-overview">
      <Tiles tiles={tiles} />
    </Panel>
  );
}

export function VolunteerPanel() {
  const ctx = useChartContext();
  const { t } = ctx;
  const view = useScreen((s) => s.view);
  const windows = view?.windows;
  const option = useMemo(() => windows && volunteerOption(windows, ctx), [windows, ctx]);
  const tiles: Tile[] = view
    ? [
        {
          id: 'volunteer-count',
          label: t.volunteers,
          value: int(view.figures.volunteers),
          unit: t.unitPeople,
        },
        {
          id: 'volunteer-hours-year',
          label: t.yearHours,
          value: int(view.windows.year.volunteerHours),
          unit: t.unitHours,
        },
        {
          id: 'party-reports-year',
          label: t.yearPartyReports,
          value: int(view.windows.year.partyReports),
          unit: t.unitPersonTimes,
        },
      ]
    : [];
  return (
    <Panel title={t.volunteerTitle} loading={!option} testId="panel-volunteers">
      <div className="stack">
        <Tiles tiles={tiles} />
        {option && <EChart option={option} />}
      </div>
    </Panel>
  );
}

export function StationPanel() {
  const ctx = useChartContext();
  const stations = useScreen((s) => s.view?.figures.stations);
  const option = useMemo(() => stations && stationOption(stations, ctx), [stations, ctx]);
  return (
    <Panel
      title={ctx.t.stationTitle}
      extra={
        stations && (
          <>
            {ctx.t.totalStations} <b>{int(stationTotal(stations))}</b> {ctx.t.unitPlaces}
          </>
        )
      }
      loading={!option}
      testId="panel-stations"
    >
      {option && <EChart option={option} />}
    </Panel>
  );
}
