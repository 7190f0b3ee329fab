// What a tour or briefing keeps off the wall (store `hiddenPanels`): whole panels (e.g. the live
// ticker in a public hall), the headline or the figures over the map, or single figures a hall
// may not show (e.g. `headline-satisfaction`, `overdue`). Done with a style rule so the page's components
// stay as they are: a hidden panel's slot goes and the column's other panels take its room; a
// hidden headline figure goes and the others share the row; the figure groups keep their place so
// the map does not jump between scenes.
import { useScreen } from '../store/store';

const SAFE_ID = /^[a-z][a-z0-9-]*$/;

/** Headline figures: `headline-` + client/screen/Headline.tsx ids (`stations` is the panel). */
export const HEADLINE_FIGURES = [
  'headline-solved',
  'headline-satisfaction',
  'headline-stations',
  'headline-volunteers',
] as const;
/** Figures over the map (client/screen/ScopeKpis.tsx ids). */
export const MAP_FIGURES = [
  'reported-30d',
  'solved-30d',
  'closure-30d',
  'ontime-30d',
  'open',
  'overdue',
] as const;

function selector(id: string): string {
  if (id === 'headline') return '.headline';
  if (id === 'kpis') return '.scope-kpis';
  if ((HEADLINE_FIGURES as readonly string[]).includes(id)) return `.${id}`;
  if ((MAP_FIGURES as readonly string[]).includes(id))
    return `.kpi:has([data-testid="scope-${id}"])`;
  return `.slot:has(> [data-testid="panel-${id}"])`;
}

export function panelMaskCss(ids: string[]): string {
  const safe = ids.filter((id) => SAFE_ID.test(id));
  const isGroup = (id: string) => id === 'headline' || id === 'kpis';
  const groups = safe.filter(isGroup);
  const gone = safe.filter((id) => !isGroup(id));
  const rules: string[] = [];
  if (gone.length > 0) rules.push(`${gone.map(selector).join(',\n')} { display: none; }`);
  if (groups.length > 0) rules.push(`${groups.map(selector).join(',\n')} { visibility: hidden; }`);
  if (gone.some((id) => (HEADLINE_FIGURES as readonly string[]).includes(id)))
    rules.push(
      '.headline { grid-template-columns: none; grid-auto-flow: column; grid-auto-columns: 1fr; }',
    );
  return rules.join('\n');
}

export function PanelMask() {
  const hidden = useScreen((s) => s.hiddenPanels);
  const css = panelMaskCss(hidden);
  return css ? <style data-testid="panel-mask">{css}</style> : null;
}
