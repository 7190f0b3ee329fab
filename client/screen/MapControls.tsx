// The bar under the map: which metric colours the regions, and the heat / whistle-arc layers.
import { MAP_METRICS } from '@shared/protocol';
import { useI18n } from '../i18n/i18n-context';
import { store, useScreen } from '../store/store';

export function MapControls() {
  const { t } = useI18n();
  const metric = useScreen((s) => s.metric);
  const heat = useScreen((s) => s.showHeatmap);
  const arcs = useScreen((s) => s.showArcs);
  return (
    <div className="map-controls" role="toolbar" aria-label={t.mapControls}>
      <div className="seg">
        {MAP_METRICS.map((m) => (
          <button
            key={m}
            type="button"
            aria-pressed={metric === m}
            data-testid={`metric-${m}`}
            onClick={() => store.dispatch('metric', m)}
          >
            {t.metric[m]}
          </button>
        ))}
      </div>
      <div className="seg">
        <button
          type="button"
          aria-pressed={heat}
          data-testid="toggle-heatmap"
          onClick={() => store.dispatch('toggleHeatmap', null)}
        >
          {t.heatmap}
        </button>
        <button
          type="button"
          aria-pressed={arcs}
          data-testid="toggle-arcs"
          onClick={() => store.dispatch('toggleArcs', null)}
        >
          {t.arcs}
        </button>
      </div>
    </div>
  );
}
