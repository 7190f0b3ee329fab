// The scene's story on the map: the highlighted region's outline and a callout card with its
// text and one figure. Drawn as SVG/DOM over the map (the map stays the map engineer's), in the
// camera the map lands on; it fades in once the fly-to is over so it never slides across.
import { useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import type { RegionBrief } from '@shared/protocol';
import { useI18n } from '../i18n/i18n-context';
import type { Strings } from '../i18n/strings';
import { useScreen } from '../store/store';
import { int, pct } from '../util/format';
import { calloutPosition, placeRegion } from './annotation-geometry';
import type { Annotation } from '../store/scene-vocabulary';
import type { MapBox } from './use-map-box';
import { useOverlayRoom } from './use-overlay-room';

/** The map's fly-to lasts 1.6 s (map/MapView.tsx FLY_MS); show the story after it lands. */
const SETTLE_MS = 1900;

function figureOf(a: Annotation, brief: RegionBrief | undefined, t: Strings) {
  if (!a.figure || !brief) return null;
  switch (a.figure) {
    case 'closureRate':
    case 'satisfactionRate':
      return { label: t.metric[a.figure], value: pct(brief[a.figure]), unit: '%' };
    case 'open':
      return { label: t.metric.open, value: int(brief.open), unit: t.unitItems };
    case 'reported':
      return { label: t.reported30, value: int(brief.reported), unit: t.unitItems };
    case 'solved':
      return { label: t.solved30, value: int(brief.solved), unit: t.unitItems };
  }
}

export function AnnotationLayer({ box }: { box: MapBox }) {
  const { t, lang } = useI18n();
  const geo = useScreen((s) => s.geo);
  const scope = useScreen((s) => s.scope);
  const annotations = useScreen((s) => s.annotations);
  const regions = useScreen((s) => s.view?.regions);
  const room = useOverlayRoom(box.host);
  const key = `${scope.id}|${annotations.map((a) => a.regionId).join(',')}`;
  const [settled, setSettled] = useState('');
  useEffect(() => {
    const id = setTimeout(() => setSettled(key), SETTLE_MS);
    return () => clearTimeout(id);
  }, [key]);

  const placed = useMemo(
    () =>
      geo
        ? annotations.map((a) => ({
            a,
            at: placeRegion(geo, scope.id, a.regionId, box.width, box.height),
          }))
        : [],
    [geo, annotations, scope.id, box.width, box.height],
  );
  if (annotations.length === 0 || placed.every((p) => !p.at)) return null;

  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const cardW = 17 * rem;
  const cardH = 7 * rem;
  const free = { left: 12, top: room.top, right: room.right, bottom: room.bottom };
  const cards = placed.map(({ at }) =>
    at ? calloutPosition(at, cardW, cardH, box.width, box.height, free) : null,
  );
  return createPortal(
    <div
      className={`mode-annotations${settled === key ? ' is-shown' : ''}`}
      data-testid="annotations"
      aria-hidden={settled !== key}
    >
      <svg width={box.width} height={box.height} viewBox={`0 0 ${box.width} ${box.height}`}>
        {placed.map(({ a, at }, i) => {
          const card = cards[i];
          if (!at || !card) return null;
          const [x, y] = card;
          // The leader meets the card's near edge at two thirds of its height.
          const cx = x > at.anchor[0] ? x : x + cardW;
          const cy = y + cardH * 0.66;
          return (
            <g key={a.regionId}>
              <path className="annotation-outline" d={at.path} />
              <polyline
                className="annotation-leader"
                points={`${at.anchor[0]},${at.anchor[1]} ${cx},${cy}`}
              />
              <circle
                className="annotation-dot"
                cx={at.anchor[0]}
                cy={at.anchor[1]}
                r={rem * 0.4}
              />
            </g>
          );
        })}
      </svg>
      {placed.map(({ a, at }, i) => {
        const card = cards[i];
        if (!at || !card) return null;
        const [x, y] = card;
        const name = geo?.regions.features.find((f) => f.properties.id === a.regionId)?.properties
          .name;
        const fig = figureOf(a, regions?.[a.regionId], t);
        return (
          <div
            key={a.regionId}
            className="annotation-card"
            data-testid="annotation-card"
            style={{ left: x, top: y, width: cardW, height: cardH }}
          >
            <div className="annotation-name">{name}</div>
            <div className="annotation-text">{lang === 'en' ? (a.textEn ?? a.text) : a.text}</div>
            {fig && (
              <div className="annotation-figure">
                <span>{fig.label}</span>
                <b data-testid="annotation-figure">{fig.value}</b>
                <small>{fig.unit}</small>
              </div>
            )}
          </div>
        );
      })}
    </div>,
    box.host,
  );
}
