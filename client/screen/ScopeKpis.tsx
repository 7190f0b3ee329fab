// The scope's working figures over the map: 30-day flow, rates, and what is open or late now.
import { useI18n } from '../i18n/i18n-context';
import { useScreen } from '../store/store';
import { int, pct } from '../util/format';

export function ScopeKpis() {
  const { t } = useI18n();
  const view = useScreen((s) => s.view);
  if (!view) return null;
  const w = view.windows.rolling30;
  const items = [
    { id: 'reported-30d', label: t.reported30, value: int(w.reported), unit: t.unitItems },
    { id: 'solved-30d', label: t.solved30, value: int(w.solved), unit: t.unitItems },
    { id: 'closure-30d', label: t.closureRate, value: pct(w.closureRate), unit: '%' },
    { id: 'ontime-30d', label: t.onTimeRate, value: pct(w.onTimeRate), unit: '%' },
    { id: 'open', label: t.open, value: int(view.current.open), unit: t.unitItems },
    {
      id: 'overdue',
      label: t.overdue,
      value: int(view.current.overdue),
      unit: t.unitItems,
      warn: view.current.overdue > 0,
    },
  ];
  return (
    <dl className="scope-kpis">
      {items.map((it) => (
        <div key={it.id} className={`kpi ${it.warn ? 'kpi-warn' : ''}`}>
          <dt>{it.label}</dt>
          <dd>
            <span data-testid={`scope-${it.id}`}>{it.value}</span>
            {it.unit && <small>{it.unit}</small>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
