// Scene files as a city edits them: the shipped tour and briefing validate against the schema
// and expand against the demo district without losing a scene; a broken file degrades instead
// of blanking the wall; the schema's panel ids are the page's; callouts stay inside the free map.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import type { GeoBundle, RegionInfo } from '@shared/protocol';
import { parseSceneFile } from '../../client/modes/scene-file';
import { expandScenes } from '../../client/modes/scenes';
import { calloutPosition, placeRegion } from '../../client/modes/annotation-geometry';
import { HEADLINE_FIGURES, MAP_FIGURES, panelMaskCss } from '../../client/modes/PanelMask';
import { PANEL_IDS } from '../../client/screen/arrange';

const json = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as unknown;
const schema = json('data/schemas/scene-file.schema.json') as Record<string, unknown>;
const regionsGeo = json('data/jinniu/regions.geojson') as GeoBundle['regions'];
const regions: RegionInfo[] = regionsGeo.features.map((f) => f.properties);

describe('shipped scene files', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(schema);

  for (const name of ['tour', 'briefing']) {
    it(`data/${name}.json is valid and every scene survives expansion`, () => {
      const raw = json(`data/${name}.json`);
      expect(validate(raw), JSON.stringify(validate.errors)).toBe(true);
      const { file, problems } = parseSceneFile(raw);
      expect(problems).toEqual([]);
      const scenes = expandScenes(file, regions);
      const expected = file.scenes.reduce(
        (n, s) =>
          n + (s.each ? (s.only?.length ?? regions.filter((r) => r.level === s.each).length) : 1),
        0,
      );
      expect(scenes).toHaveLength(expected);
      const annotated = file.scenes.flatMap((s) => s.annotations ?? []).length;
      expect(scenes.flatMap((s) => s.annotations)).toHaveLength(annotated);
    });
  }

  it("the schema's panel ids are the page's panel and figure ids", () => {
    const defs = schema.$defs as { panels: { items: { enum: string[] } } };
    expect([...defs.panels.items.enum].sort()).toEqual(
      [...PANEL_IDS, 'headline', ...HEADLINE_FIGURES, 'kpis', ...MAP_FIGURES].sort(),
    );
  });
});

describe('parseSceneFile', () => {
  it('drops what it cannot use and says why, keeping the rest', () => {
    const { file, problems } = parseSceneFile({
      version: 1,
      idleResumeSeconds: -3,
      hidePanels: ['ticker'],
      scenes: [
        { title: 'ok', metric: 'closureRate', durationSeconds: 5, layers: ['regions', 'x'] },
        'nonsense',
        { metric: 'nope', durationSeconds: 0, focus: { level: 'town', id: '1' } },
        { annotations: [{ regionId: 'r', text: 't', figure: 'bad' }, { text: 'no region' }] },
      ],
    });
    expect(file.scenes).toHaveLength(3);
    expect(file.scenes[0]).toEqual({
      title: 'ok',
      metric: 'closureRate',
      durationSeconds: 5,
      layers: ['regions'],
    });
    expect(file.idleResumeSeconds).toBeUndefined();
    expect(file.hidePanels).toEqual(['ticker']);
    expect(file.scenes[2]!.annotations).toEqual([{ regionId: 'r', text: 't' }]);
    expect(problems.length).toBeGreaterThanOrEqual(5);
  });

  it('an unusable file is an empty tour, not an exception', () => {
    expect(parseSceneFile(null).file.scenes).toEqual([]);
    expect(parseSceneFile({ scenes: 'x' }).problems).toHaveLength(1);
  });

  it('file-wide and scene hidePanels add up, without repeats', () => {
    const scenes = expandScenes(
      { version: 1, hidePanels: ['ticker'], scenes: [{ hidePanels: ['ticker', 'trend'] }, {}] },
      regions,
    );
    expect(scenes.map((s) => s.hidePanels)).toEqual([['ticker', 'trend'], ['ticker']]);
  });
});

describe('annotation placement', () => {
  const geo = {
    regions: regionsGeo,
    dataset: { bbox: [103.95, 30.66, 104.14, 30.81] },
  } as GeoBundle;

  it('puts a community of the focused street inside the map, anchor inside its outline box', () => {
    const at = placeRegion(geo, '510106035', '510106035007', 960, 560)!;
    expect(at).not.toBeNull();
    const [x0, y0, x1, y1] = at.box;
    expect(x0).toBeGreaterThanOrEqual(-1);
    expect(y0).toBeGreaterThanOrEqual(-1);
    expect(x1).toBeLessThanOrEqual(961);
    expect(y1).toBeLessThanOrEqual(561);
    expect(at.anchor[0]).toBeGreaterThanOrEqual(x0);
    expect(at.anchor[0]).toBeLessThanOrEqual(x1);
    expect(at.path.startsWith('M')).toBe(true);
  });

  it('keeps the callout card clear of the page overlays', () => {
    const free = { left: 12, top: 150, right: 120, bottom: 60 };
    for (const anchor of [
      [10, 10],
      [950, 550],
      [480, 280],
    ] as Array<[number, number]>) {
      const [x, y] = calloutPosition(
        { anchor, box: [anchor[0] - 20, anchor[1] - 20, anchor[0] + 20, anchor[1] + 20] },
        270,
        100,
        960,
        560,
        free,
      );
      expect(x).toBeGreaterThanOrEqual(free.left);
      expect(x + 270).toBeLessThanOrEqual(960 - free.right);
      expect(y).toBeGreaterThanOrEqual(free.top);
      expect(y + 100).toBeLessThanOrEqual(560 - free.bottom);
    }
  });

  it('the panel mask hides figures a hall may not show, and panels by the same names', () => {
    const css = panelMaskCss(['headline-satisfaction', 'overdue', 'stations']);
    expect(css).toContain('.headline-satisfaction');
    expect(css).toContain('.kpi:has([data-testid="scope-overdue"])');
    expect(css).toContain('[data-testid="panel-stations"]'); // the panel, not the headline figure
    expect(css).not.toContain('.headline-stations');
    expect(css).toContain('grid-auto-flow: column'); // three headline figures share the row
    expect(panelMaskCss(['kpis', 'headline'])).toMatch(
      /\.scope-kpis,\s*\.headline\s*\{ visibility: hidden/,
    );
    expect(panelMaskCss(['ticker'])).not.toContain('grid-auto-flow');
  });

  it('the panel mask only accepts panel-like ids', () => {
    expect(panelMaskCss(['ticker'])).toContain('[data-testid="panel-ticker"]');
    expect(panelMaskCss(['x"]{}body{display:none'])).toBe('');
  });
});
