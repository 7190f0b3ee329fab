// The four headline figures of the scope: solved this year, satisfaction this year, service
// stations and volunteers, each with its unit and the period it covers.
import { useI18n } from '../i18n/i18n-context';
import { useScreen } from '../store/store';
import { int, pct } from '../util/format';
import { FlopNumber } from './FlopNumber';
import { headline } from './scope-data';

export function Headline() {
  const { t } = useI18n();
  const view = useScreen((s) => s.view);
  const h = view ? headline(view) : null;
  const items = [
    {
      id: 'solved',
      label: t.solved,
      value: h ? int(h.solved) : '—',
      unit: t.unitItems,
      period: t.thisYear,
    },
    {
      id: 'satisfaction',
      label: t.satisfaction,
      value: h ? pct(h.satisfactionRate) : '—',
      unit: '%',
      period: t.thisYear,
    },
    {
      id: 'stations',
      label: t.stations,
      value: h ? int(h.stations) : '—',
      unit: t.unitPlaces,
      period: t.current,
    },
    {
      id: 'volunteers',
      label: t.volunteers,
      value: h ? int(h.volunteers) : '—',
      unit: t.unitPeople,
      period: t.current,
    },
  ];
  return (
    <div className="headline">
      {items.map((it) => (
        <div key={it.id} className={`headline-item headline-${it.id}`}>
          <div className="headline-label">
            {it.label}
            <span className="headline-period">{it.period}</span>
          </div>
          <div className="headline-value">
            <FlopNumber text={it.value} testId={`headline-${it.id}`} />
            {it.unit && <span className="headline-unit">{it.unit}</span>}
          </div>
        </div>
      ))}
    </div>
  );
}
