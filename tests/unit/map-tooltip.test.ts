import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { STRINGS } from '../../client/i18n/strings';
import { TooltipCard } from '../../client/map/TooltipCard';
import { tooltipFor } from '../../client/map/tooltip-content';
import { REGION_LAYER_IDS } from '../../client/map/layers/region-layer';
import { PULSE_LAYER_IDS } from '../../client/map/layers/pulse-layer';
import { STATION_LAYER_IDS } from '../../client/map/layers/station-layer';
import { event, tinyGeo, tinyView } from './map-fixture';

const t = STRINGS.zh;
const geo = tinyGeo();
const view = tinyView(geo);
const XSS = '<img src=x onerror=alert(1)>';

const render = (content: ReturnType<typeof tooltipFor>) =>
  renderToStaticMarkup(
    createElement(TooltipCard, {
      content: content!,
      x: 10,
      y: 10,
      width: 800,
      height: 600,
      uiScale: 1,
    }),
  );

describe('map tooltip', () => {
  it('a region: name, level and the metric values from view.regions', () => {
    const street = geo.regions.features.find((f) => f.properties.level === 'street')!;
    const c = tooltipFor(REGION_LAYER_IDS.fill, street, view, t)!;
    expect(c.title).toBe('测试1街道');
    expect(c.subtitle).toBe('街道');
    expect(c.rows).toContainEqual(['办结率', '97.0%']);
    expect(c.rows).toContainEqual(['满意率', '92.0%']);
    expect(c.rows).toContainEqual(['在办问题', '3']);
  });

  it('a station and an event have their own cards; other layers none', () => {
    const st = geo.stations.features[0]!;
    expect(tooltipFor(STATION_LAYER_IDS.core, st, view, t)!.subtitle).toBe(
      t.station[st.properties.kind],
    );
    const e = event({ kind: 'closed' });
    expect(tooltipFor(PULSE_LAYER_IDS.dots, e, view, t)!.subtitle).toContain('办结');
    expect(tooltipFor('stations-halo', st, view, t)).toBeNull();
    expect(tooltipFor(REGION_LAYER_IDS.fill, null, view, t)).toBeNull();
  });

  it('markup in a region name or an event text is shown as text, never parsed', () => {
    const street = structuredClone(
      geo.regions.features.find((f) => f.properties.level === 'street')!,
    );
    street.properties.name = XSS;
    const html = render(tooltipFor(REGION_LAYER_IDS.fill, street, view, t));
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');

    const e = event({ place: `${XSS}"'&` });
    const html2 = render(tooltipFor(PULSE_LAYER_IDS.dots, e, view, t));
    expect(html2).not.toContain('<img');
    expect(html2.match(/&lt;img/g)).toHaveLength(1);
    expect(html2).toContain('&quot;&#x27;&amp;');
  });
});
