// The hover card. Everything is a React text node (no innerHTML, no deck `html` tooltip), so a
// region or event text like `<img src=x onerror=…>` is shown as text.
import type { CSSProperties } from 'react';
import type { TooltipContent } from './tooltip-content';

export interface TooltipCardProps {
  content: TooltipContent;
  x: number;
  y: number;
  /** Size of the map, to flip the card left/up near the right/bottom edge. */
  width: number;
  height: number;
  uiScale: number;
}

export function TooltipCard({ content, x, y, width, height, uiScale }: TooltipCardProps) {
  const s = uiScale;
  const flipX = x > width * 0.7;
  const flipY = y > height * 0.7;
  const style: CSSProperties = {
    position: 'absolute',
    left: x,
    top: y,
    transform: `translate(${flipX ? `calc(-100% - ${12 * s}px)` : `${12 * s}px`}, ${flipY ? `calc(-100% - ${12 * s}px)` : `${12 * s}px`})`,
    pointerEvents: 'none',
    minWidth: 180 * s,
    maxWidth: 360 * s,
    padding: `${8 * s}px ${12 * s}px`,
    background: 'rgba(6, 20, 48, 0.92)',
    border: '1px solid rgba(25, 198, 255, 0.55)',
    boxShadow: '0 0 12px rgba(25, 198, 255, 0.35)',
    borderRadius: 4 * s,
    color: '#dff4ff',
    font: `${15 * s}px/1.45 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif`,
    zIndex: 3,
  };
  return (
    <div style={style} data-testid="map-tooltip" role="tooltip">
      <div style={{ fontSize: 17 * s, fontWeight: 600, color: '#ffffff' }}>{content.title}</div>
      <div style={{ color: '#7fd8ff', marginBottom: 4 * s }}>{content.subtitle}</div>
      {content.rows.map(([label, value], i) => (
        <div key={i} style={{ display: 'flex', justifyContent: 'space-between', gap: 16 * s }}>
          <span style={{ color: '#9fb8d8' }}>{label}</span>
          <span style={{ fontVariantNumeric: 'tabular-nums' }}>{value}</span>
        </div>
      ))}
    </div>
  );
}
