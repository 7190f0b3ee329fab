// The screen's words for levels follow the dataset: 金牛区 keeps 街道 / 社区 word for word, a
// county says 镇/开发区 and 社区/村 in every title, tier and hover card, in Chinese and English.
import { describe, expect, it } from 'vitest';
import { levelNamesOf } from '../../client/i18n/level-strings';
import { STRINGS, stringsFor } from '../../client/i18n/strings';
import { regionTooltip } from '../../client/map/tooltip-content';
import { tierLines } from '../../client/charts/tier-option';
import { levelLabels } from '../../shared/level-labels';
import type { GeoBundle, RegionInfo } from '../../shared/protocol';

const county = levelLabels(
  {
    street: { zh: '镇/开发区', en: 'Town/Development zone' },
    community: { zh: '社区/村', en: 'Community/Village' },
  },
  [],
  '测试县',
);
const region = (over: Partial<RegionInfo>): RegionInfo => ({
  id: 'x',
  name: '沙河镇',
  level: 'street',
  parentId: 'd',
  synthetic: true,
  center: [0, 0],
  ...over,
});

describe('strings without a dataset, and for 金牛区', () => {
  it('say 街道 and 社区 as before', () => {
    const t = STRINGS.zh;
    expect(t.level).toEqual({ district: '区', street: '街道', community: '社区', grid: '网格' });
    expect(t.rankingTitle('street')).toBe('街道办结排名');
    expect(t.rankBy('community', 'closureRate')).toBe('社区排名 · 办结率');
    expect(t.backlogTitle('street')).toBe('街道在办与超期');
    expect(t.escalationShare).toBe('街道及以上响应');
    expect(t.tier).toEqual({
      grid: '网格',
      community: '社区',
      street: '街道',
      district: '区级部门',
    });
    expect(t.schematic).toBe('街道、社区、网格边界为示意');
    expect(t.regionKind(region({}))).toBe('街道');
  });
  it('in English name the levels Subdistrict and Community', () => {
    const t = STRINGS.en;
    expect(t.rankBy('street', 'satisfactionRate')).toBe('Subdistricts by satisfaction');
    expect(t.rankBy('community', 'open')).toBe('Communities by open problems');
    expect(t.rankBy('grid', 'open')).toBe('Grids by open problems');
    expect(t.rankingTitle('community')).toBe('Ranking of communities');
  });
});

describe('strings for a county', () => {
  it('name its levels in every title, in Chinese', () => {
    const t = stringsFor('zh', county);
    expect(t.level.district).toBe('县');
    expect(t.level.street).toBe('镇/开发区');
    expect(t.rankBy('street', 'closureRate')).toBe('镇/开发区排名 · 办结率');
    expect(t.rankingTitle('community')).toBe('社区/村办结排名');
    expect(t.backlogTitle('community')).toBe('社区/村在办与超期');
    expect(t.tier.street).toBe('镇/开发区');
    expect(t.tier.community).toBe('社区/村');
    expect(t.escalationShare).toBe('镇/开发区及以上响应');
    expect(t.schematic).toBe('镇/开发区、社区/村、网格边界为示意');
  });
  it('and in English', () => {
    const t = stringsFor('en', county);
    expect(t.level.district).toBe('County');
    expect(t.rankBy('street', 'closureRate')).toBe('Towns/Development zones by closure rate');
    expect(t.rankBy('community', 'open')).toBe('Communities/Villages by open problems');
    expect(t.backlogTitle('community')).toBe('Open & overdue by community/village');
    expect(t.escalationShare).toBe('Town/Development zone or above');
  });
  it('break long English tier names into lines narrow enough for the tier chart', () => {
    const t = stringsFor('en', county);
    expect(tierLines(t.tier.street)).toBe('Town/\nDevelopment\nzone');
    expect(tierLines(t.tier.community)).toBe('Community/\nVillage');
    expect(tierLines(t.tier.district)).toBe('District\ndept.');
    expect(tierLines(t.tier.grid)).toBe('Grid');
  });
  it('call one region by its own kind in the hover card', () => {
    const zh = stringsFor('zh', county);
    const en = stringsFor('en', county);
    expect(regionTooltip(region({ kind: 'town' }), null, zh).subtitle).toBe('镇');
    expect(regionTooltip(region({ kind: 'devzone' }), null, en).subtitle).toBe('Development zone');
    expect(regionTooltip(region({ level: 'community', kind: 'village' }), null, zh).subtitle).toBe(
      '村',
    );
    // No kind: the level's name.
    expect(regionTooltip(region({ level: 'community' }), null, zh).subtitle).toBe('社区/村');
  });
});

describe('levelNamesOf', () => {
  const geo = (levels: GeoBundle['dataset']['levels'], kinds: RegionInfo['kind'][]): GeoBundle => ({
    dataset: {
      id: 'c',
      name: '于都县',
      nameEn: 'Yudu',
      datum: 'WGS84',
      bbox: [0, 0, 1, 1],
      levels,
    },
    regions: {
      type: 'FeatureCollection',
      features: kinds.map((kind, i) => ({
        type: 'Feature',
        properties: region({ id: `s${i}`, kind }),
        geometry: { type: 'Point', coordinates: [0, 0] },
      })),
    },
    context: { type: 'FeatureCollection', features: [] },
    stations: { type: 'FeatureCollection', features: [] },
  });
  it('reads the manifest’s names, else the kinds the regions carry', () => {
    const declared = { street: { zh: '街镇', en: 'Subdistrict/Town' } };
    expect(levelNamesOf(geo(declared, ['town'])).street.zh).toBe('街镇');
    expect(levelNamesOf(geo(undefined, ['town', 'township'])).street.zh).toBe('镇/乡');
    expect(levelNamesOf(geo(undefined, [undefined])).street.zh).toBe('街道');
    expect(levelNamesOf(geo(undefined, [])).district.zh).toBe('县');
  });
});
