// The map's legend, an overlay in the map's corner: the metric classes (from the same scale the
// polygons use), station kinds and live-event colours. The switches live in the page's map
// controls (client/screen/MapControls.tsx).
import type { CSSProperties } from 'react';
import { STATION_KINDS, type MapMetric, type RegionLevel } from '@shared/protocol';
import type { LiveEventKind } from '@shared/protocol';
import { useI18n } from '../i18n/i18n-context';
import { classLabel, withAlpha, type ColorScale } from './color-scale';
import { FILL_ALPHA } from './layers/region-layer';
import { css, EVENT_COLORS, STATION_COLORS } from './theme';

export interface LegendProps {
  scale: ColorScale;
  metric: MapMetric;
  level: RegionLevel;
  uiScale: number;
  synthetic: boolean;
  /** Sections for layers a tour scene hides are left out (their dots are not on the map). */
  stations?: boolean;
  events?: boolean;
}

const LEGEND_EVENTS: LiveEventKind[] = ['reported', 'escalated', 'closed'];

export function Legend({
  scale,
  metric,
  level,
  uiScale: s,
  synthetic,
  stations = true,
  events = true,
}: LegendProps) {
  const { t, lang } = useI18n();
  const box: CSSProperties = {
    position: 'absolute',
    left: 12 * s,
    bottom: 12 * s,
    padding: `${6 * s}px ${9 * s}px`,
    background: 'rgba(4, 14, 36, 0.78)',
    border: '1px solid rgba(25, 198, 255, 0.35)',
    borderRadius: 4 * s,
    color: '#cfe6ff',
    // 14 px at 1080p, read from about 5 m on a wall. English names are half again as wide as
    // Chinese ones: 13 px keeps that legend in the corner the district leaves free.
    font: `${(lang === 'en' ? 13 : 14) * s}px/1.35 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif`,
    // A county's long level names (Subdistrict/Town/…) wrap instead of widening the legend
    // over the district.
    maxWidth: 360 * s,
    pointerEvents: 'none',
    zIndex: 2,
    userSelect: 'none',
  };
  const swatch = (c: string, round = false): CSSProperties => ({
    display: 'inline-block',
    width: (round ? 10 : 16) * s,
    height: (round ? 10 : 12) * s,
    borderRadius: round ? '50%' : 2 * s,
    background: c,
    boxShadow: round ? `0 0 ${4 * s}px ${c}` : undefined,
    marginRight: 6 * s,
    verticalAlign: 'middle',
  });
  return (
    <div style={box} data-testid="map-legend">
      <div style={{ color: '#7fd8ff' }}>
        {t.level[level]} · {t.metric[metric]}
      </div>
      {/* Three columns of classes and the live kinds on their heading's line: 14 px text in a
          corner no taller than the district's free bottom-left (the camera fit leaves it). */}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, auto)', columnGap: 10 * s }}>
        {scale.classes.map((c, i) => (
          <div key={i}>
            <span style={swatch(css(withAlpha(c.color, FILL_ALPHA * 2)))} />
            {classLabel(c, metric)}
          </div>
        ))}
        <div>
          <span style={swatch(css(withAlpha(scale.noData, FILL_ALPHA * 2)))} />
          {t.noData}
        </div>
      </div>
      {stations && (
        <>
          <div style={{ color: '#7fd8ff', marginTop: 4 * s }}>{t.stations}</div>
          <div style={{ display: 'grid', gridTemplateColumns: 'auto auto', columnGap: 10 * s }}>
            {STATION_KINDS.map((k) => (
              <div key={k}>
                <span style={swatch(css(STATION_COLORS[k]), true)} />
                {t.station[k]}
              </div>
            ))}
          </div>
        </>
      )}
      {events && (
        <div style={{ marginTop: 4 * s }}>
          <span style={{ color: '#7fd8ff', marginRight: 10 * s }}>{t.tickerTitle}</span>
          {LEGEND_EVENTS.map((k) => (
            <span key={k} style={{ marginRight: 10 * s }}>
              <span style={swatch(css(EVENT_COLORS[k]), true)} />
              {t.eventKind[k]}
            </span>
          ))}
        </div>
      )}
      {synthetic && (
        // Wraps within the width the swatches above set rather than widening the legend over
        // the district: the English note (and a county's level names) is twice the Chinese.
        <div
          style={{ marginTop: 4 * s, color: '#6f8db0', fontSize: 13 * s, contain: 'inline-size' }}
        >
          {t.schematic}
        </div>
      )}
    </div>
  );
}
