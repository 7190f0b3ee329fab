// The scene title over the map, large enough to read from 5 m, with the scene number and a thin
// progress line. The line is a CSS animation restarted per scene (keyed by `startedAt`), so a
// 24/7 tour spends no JavaScript per frame on it.
import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useOverlayRoom } from './use-overlay-room';

export interface SceneCaptionProps {
  host: HTMLElement;
  title: string;
  index: number;
  count: number;
  /** Exhibition: the scene's length (progress line); briefing: null (the presenter sets pace). */
  durationMs: number | null;
  /** Restarts the progress line when it changes. */
  startedAt: number;
  paused?: boolean;
  /** A small line under the title (paused hint, frozen-data stamp). */
  sub?: ReactNode;
}

/** The top-left column's own inset from the map edge, plus a gap before the right overlays. */
const GAP_PX = 40;

const two = (n: number) => String(n).padStart(2, '0');

/** Longer titles step down a size rather than being cut (CJK characters ≈ 1 em each). */
const LONG_TITLE = 13;

export function SceneCaption(p: SceneCaptionProps) {
  // Under the breadcrumb, in the page's top-left overlay column: "where" then "what".
  const room = useOverlayRoom(p.host);
  const maxWidth = Math.max(240, p.host.clientWidth - room.right - GAP_PX);
  const cls = `scene-caption${p.paused ? ' is-paused' : ''}${p.title.length > LONG_TITLE ? ' is-long' : ''}`;
  return createPortal(
    <div className={cls} data-testid="scene-caption" style={{ maxWidth }}>
      <div className="scene-caption-row">
        <span className="scene-caption-count" data-testid="scene-count">
          <b>{two(p.index + 1)}</b>/{two(p.count)}
        </span>
        <h2 className="scene-caption-title" data-testid="scene-title" key={`t${p.startedAt}`}>
          {p.title}
        </h2>
      </div>
      {p.durationMs !== null ? (
        <div className="scene-progress" role="presentation">
          <i key={p.startedAt} style={{ animationDuration: `${p.durationMs}ms` }} />
        </div>
      ) : (
        <div className="scene-steps" role="presentation">
          {Array.from({ length: p.count }, (_, i) => (
            <i key={i} className={i === p.index ? 'on' : i < p.index ? 'done' : ''} />
          ))}
        </div>
      )}
      {p.sub && <div className="scene-caption-sub">{p.sub}</div>}
    </div>,
    room.topLeft ?? p.host,
  );
}
