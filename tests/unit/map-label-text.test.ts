// Map labels that cannot collide: long official names shortened the customary way, and in a
// collision the wider label wins, so the GPU filter (which tests anchors only) hides the short
// name beside a long one instead of drawing it across.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ELLIPSIS, LABEL_MAX_EM, labelWidthEm, mapLabel } from '../../client/map/layers/label-text';
import { labelLayers } from '../../client/map/layers';
import { labelPriority } from '../../client/map/layers/label-layer';
import { regionIndex, type RegionFeature } from '../../client/map/region-index';
import { layerFlags } from '../../client/map/visible-layers';
import { TINY_DISTRICT_ID, TINY_STREET_IDS } from '../fixtures/tiny-dataset';
import { tinyGeo } from './map-fixture';

describe('mapLabel', () => {
  it('writes long official forms the customary short way', () => {
    expect(mapLabel('赣州经济技术开发区')).toBe('赣州经开区');
    expect(mapLabel('南昌高新技术产业开发区')).toBe('南昌高新区');
    expect(mapLabel('章贡工业园区')).toBe('章贡工业园');
    expect(mapLabel('沙河镇')).toBe('沙河镇');
    expect(mapLabel('第1网格')).toBe('第1网格');
  });

  it('cuts what is still too long, with an ellipsis', () => {
    expect(mapLabel('新疆生产建设兵团第一师阿拉尔市')).toBe(`新疆生产建设${ELLIPSIS}`);
    expect(mapLabel('金牛区抚琴西路北社区')).toBe(`金牛区抚琴西${ELLIPSIS}`);
    expect(mapLabel('西华街道')).toBe('西华街道');
  });

  it('never exceeds LABEL_MAX_EM, and keeps a name that fits as it is', () => {
    const cjk = fc.constantFrom(...'镇村区街道社开发经济技术园工业高新沙河'.split(''));
    const ascii = fc.constantFrom(...'AB12'.split(''));
    fc.assert(
      fc.property(fc.array(fc.oneof(cjk, ascii), { minLength: 1, maxLength: 30 }), (chars) => {
        const name = chars.join('');
        const label = mapLabel(name);
        expect(labelWidthEm(label)).toBeLessThanOrEqual(LABEL_MAX_EM);
        if (labelWidthEm(name) <= LABEL_MAX_EM && !/园区|开发区/.test(name))
          expect(label).toBe(name);
      }),
    );
  });
});

describe('labelPriority', () => {
  const geo = tinyGeo();
  const [town, zone] = TINY_STREET_IDS;
  const rename = (names: Record<string, string>) => ({
    ...geo,
    regions: {
      ...geo.regions,
      features: geo.regions.features.map((f) =>
        names[f.properties.id]
          ? { ...f, properties: { ...f.properties, name: names[f.properties.id]! } }
          : f,
      ),
    },
  });

  it('lets the wider label win a collision, whatever the regions’ sizes', () => {
    const county = rename({ [town]: '沙河镇', [zone]: '赣州经济技术开发区' });
    const index = regionIndex(county);
    const p = (id: string) => labelPriority(index, index.byId.get(id)!);
    // The zone (5 em) beats the town (3 em), and the town's communities (equal width) by size.
    expect(p(zone)).toBeGreaterThan(p(town));
    expect(p(TINY_DISTRICT_ID)).toBeGreaterThan(0);
    for (const f of county.regions.features) {
      const pr = labelPriority(index, f);
      expect(pr).toBeGreaterThanOrEqual(0);
      expect(pr).toBeLessThanOrEqual(1000); // the collision filter's range
    }
  });

  it('among labels of one width, the bigger region wins', () => {
    const index = regionIndex(rename({ [town]: '甲街道', [`${town}001`]: '乙社区' }));
    const p = (id: string) => labelPriority(index, index.byId.get(id)!);
    // Both 3 em; the street is twice the community's area.
    expect(p(town)).toBeGreaterThan(p(`${town}001`));
  });

  it('the label layer draws the short forms, from a character set that holds them', () => {
    const county = rename({ [zone]: '赣州经济技术开发区' });
    const [layer] = labelLayers({
      geo: county,
      view: null,
      scope: { level: 'district', id: TINY_DISTRICT_ID },
      metric: 'closureRate',
      level: 'street',
      heat: [],
      flags: layerFlags({ showHeatmap: false, showArcs: false }),
      uiScale: 1,
    });
    const props = layer!.props as unknown as {
      data: RegionFeature[];
      getText: (f: RegionFeature) => string;
      characterSet: string[];
    };
    const texts = props.data.map(props.getText);
    expect(texts).toContain('赣州经开区');
    for (const c of texts.join('')) expect(props.characterSet).toContain(c);
    expect(props.characterSet).toContain(ELLIPSIS);
  });
});
