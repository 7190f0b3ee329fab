// Panels a tour or briefing keeps off the wall (store `hiddenPanels`, e.g. the live ticker in a
// public hall). Until the page reads hiddenPanels itself, a style rule removes the panel's slot
// (`.slot` holding [data-testid="panel-<id>"]), so the column's other panels take its room.
import { useScreen } from '../store/store';

const SAFE_ID = /^[a-z][a-z0-9-]*$/;

export function panelMaskCss(ids: string[]): string {
  const sel = ids
    .filter((id) => SAFE_ID.test(id))
    .map((id) => `.slot:has(> [data-testid="panel-${id}"])`);
  return sel.length > 0 ? `${sel.join(',\n')} { display: none; }` : '';
}

export function PanelMask() {
  const hidden = useScreen((s) => s.hiddenPanels);
  const css = panelMaskCss(hidden);
  return css ? <style data-testid="panel-mask">{css}</style> : null;
}
