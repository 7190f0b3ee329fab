// The words for levels and kinds: what the manifest declares wins, else the kinds present, else
// 街道 / 社区 (金牛区 keeps them); a region is called by its own kind.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  KIND_LABELS,
  labelOfKinds,
  levelLabels,
  pluralEn,
  regionKindLabel,
} from '../../shared/level-labels';
import { LEVEL_KINDS, REGION_KINDS, type RegionInfo } from '../../shared/protocol';
import { REASONS, reasonsFor } from '../../shared/admin-api';

type R = Pick<RegionInfo, 'level' | 'kind'>;
const street = (kind?: RegionInfo['kind']): R => ({ level: 'street', kind });
const community = (kind?: RegionInfo['kind']): R => ({ level: 'community', kind });

describe('levelLabels', () => {
  it('is 区 › 街道 › 社区 › 网格 for a dataset that says nothing (金牛区)', () => {
    const names = levelLabels(undefined, [street(), street(), community()], '金牛区');
    expect(names).toEqual({
      district: { zh: '区', en: 'District' },
      street: { zh: '街道', en: 'Subdistrict' },
      community: { zh: '社区', en: 'Community' },
      grid: { zh: '网格', en: 'Grid' },
    });
  });

  it('takes the manifest’s names first, level by level', () => {
    const names = levelLabels({ street: { zh: '街道/镇', en: 'Subdistrict/Town' } }, [
      street('devzone'),
      community('village'),
    ]);
    expect(names.street).toEqual({ zh: '街道/镇', en: 'Subdistrict/Town' });
    // Not declared: named after the kinds present.
    expect(names.community).toEqual({ zh: '村', en: 'Village' });
  });

  it('names an undeclared level after the kinds present; no kind counts as the default', () => {
    const names = levelLabels(undefined, [
      street('town'),
      street(),
      street('town'),
      community('village'),
      community(),
    ]);
    expect(names.street).toEqual({ zh: '街道/镇', en: 'Subdistrict/Town' });
    expect(names.community).toEqual({ zh: '社区/村', en: 'Community/Village' });
  });

  it('names the district after its suffix: 县 is a county, 市 a city, 旗 a banner', () => {
    expect(levelLabels(undefined, [], '于都县').district).toEqual({ zh: '县', en: 'County' });
    expect(levelLabels(undefined, [], '瑞金市').district).toEqual({ zh: '市', en: 'City' });
    expect(levelLabels(undefined, [], '科尔沁右翼前旗').district.en).toBe('Banner');
    expect(levelLabels(undefined, [], '测试').district.zh).toBe('区');
  });

  it('labelOfKinds lists each present kind once, in a fixed order, for any input', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...REGION_KINDS)), (kinds) => {
        const label = labelOfKinds(kinds);
        const distinct = REGION_KINDS.filter((k) => kinds.includes(k));
        if (distinct.length === 0) {
          expect(label).toBeNull();
          return;
        }
        expect(label!.zh.split('/')).toEqual(distinct.map((k) => KIND_LABELS[k].zh));
        expect(label!.en.split('/')).toEqual(distinct.map((k) => KIND_LABELS[k].en));
      }),
    );
    expect(labelOfKinds(['town', 'subdistrict', 'town'])).toEqual({
      zh: '街道/镇',
      en: 'Subdistrict/Town',
    });
  });
});

describe('regionKindLabel', () => {
  const names = levelLabels({ street: { zh: '街道/镇', en: 'Subdistrict/Town' } });
  it('is the region’s own kind when it has one', () => {
    expect(regionKindLabel(street('town'), names)).toEqual({ zh: '镇', en: 'Town' });
    expect(regionKindLabel(community('village'), names).zh).toBe('村');
    expect(regionKindLabel(street('devzone'), names).en).toBe('Development zone');
  });
  it('is the level’s name without a kind, or with a kind the level cannot have', () => {
    expect(regionKindLabel(street(), names)).toEqual({ zh: '街道/镇', en: 'Subdistrict/Town' });
    expect(regionKindLabel(community('town'), names)).toEqual(names.community);
    expect(regionKindLabel({ level: 'grid' }, names).zh).toBe('网格');
  });
  it('every kind a level allows has words in both languages', () => {
    for (const kinds of Object.values(LEVEL_KINDS))
      for (const k of kinds) expect(KIND_LABELS[k].zh && KIND_LABELS[k].en).toBeTruthy();
  });
});

describe('pluralEn', () => {
  it('pluralises each part of a label', () => {
    expect(pluralEn('Subdistrict/Town')).toBe('Subdistricts/Towns');
    expect(pluralEn('Community/Village')).toBe('Communities/Villages');
    expect(pluralEn('Development zone')).toBe('Development zones');
    expect(pluralEn('Grid')).toBe('Grids');
    expect(pluralEn('Township')).toBe('Townships');
    expect(pluralEn('Business')).toBe('Businesses');
  });
});

describe('reasonsFor (the import reject reasons)', () => {
  it('words 金牛区’s reasons in Chinese exactly as the table does', () => {
    const reasons = reasonsFor(levelLabels(undefined, [], '金牛区'));
    for (const [code, [zh]] of Object.entries(REASONS)) expect(reasons[code]![0], code).toBe(zh);
  });
  it('names a county’s levels in the reasons that name a level', () => {
    const names = levelLabels(
      {
        street: { zh: '街道/镇', en: 'Subdistrict/Town' },
        community: { zh: '社区/村', en: 'Community/Village' },
      },
      [],
      '于都县',
    );
    const reasons = reasonsFor(names);
    expect(reasons.unknown_street).toEqual([
      '街道/镇不在本县',
      'subdistrict/town not in this county',
    ]);
    expect(reasons.ambiguous_community![0]).toBe('社区/村重名，请填写街道/镇');
    expect(reasons.no_place![1]).toBe('no place (grid, community/village or coordinates)');
    expect(reasons.bad_date).toEqual(REASONS.bad_date);
  });
});
