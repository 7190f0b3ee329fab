// Subscribes to the hover store and shows the card: a pointer move re-renders this alone.
import type { ScopeView } from '@shared/protocol';
import { useI18n } from '../i18n/i18n-context';
import { useHover, type HoverStore } from './hover-store';
import { tooltipFor } from './tooltip-content';
import { TooltipCard } from './TooltipCard';
import type { Size } from './use-size';

export interface TooltipHostProps {
  hover: HoverStore;
  view: ScopeView | null;
  size: Size;
  uiScale: number;
}

export function TooltipHost({ hover, view, size, uiScale }: TooltipHostProps) {
  const h = useHover(hover);
  const { t } = useI18n();
  if (!h) return null;
  const content = tooltipFor(h.layerId, h.object, view, t);
  if (!content) return null;
  return (
    <TooltipCard
      content={content}
      x={h.x}
      y={h.y}
      width={size.width}
      height={size.height}
      uiScale={uiScale}
    />
  );
}
