// The level rules of the dataset builder: a region's kind from its official name, the committee
// suffix stripped, and the manifest's level labels from the kinds present.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  communityKind,
  communityName,
  levelLabels,
  streetKind,
  type CommunityKind,
  type StreetKind,
} from '../../scripts/data/levels';

describe('kinds from official names', () => {
  it.each([
    ['西华街道', 'subdistrict'],
    ['西华街道办事处', 'subdistrict'],
    ['城关镇', 'town'],
    ['龙湖乡', 'township'],
    ['民族乡', 'township'],
    ['巴彦苏木', 'township'],
    ['赣州经济技术开发区', 'devzone'],
    ['蓉欧工业园', 'devzone'],
    ['高新技术产业开发区管委会', 'devzone'],
    ['新区街道', 'subdistrict'],
    ['某某农场', 'subdistrict'],
  ])('%s is a %s', (name, kind) => expect(streetKind(name)).toBe(kind));

  it.each([
    ['营门口社区居委会', '营门口社区', 'community'],
    ['营门口社区居民委员会', '营门口社区', 'community'],
    ['石桥村村民委员会', '石桥村', 'village'],
    ['石桥村民委员会', '石桥村', 'village'],
    ['石桥村委会', '石桥村', 'village'],
    ['石桥村', '石桥村', 'village'],
    ['新华居委会', '新华', 'community'],
    ['乌兰嘎查村民委员会', '乌兰嘎查村', 'village'],
  ])('%s → %s (%s)', (raw, name, kind) => {
    expect(communityName(raw)).toBe(name);
    expect(communityKind(raw)).toBe(kind);
  });

  it('stripping is idempotent on a name with at most one committee suffix', () => {
    const name = fc.tuple(
      fc.constantFrom('营门口', '石桥', '新华'),
      fc.constantFrom('', '社区', '村'),
      fc.constantFrom('', '居委会', '居民委员会', '村民委员会', '村委会'),
    );
    fc.assert(
      fc.property(name, ([place, word, suffix]) => {
        const once = communityName(place + word + suffix);
        expect(communityName(once)).toBe(once);
        expect(once.startsWith(place + word)).toBe(true);
      }),
    );
  });
});

describe('level labels from the kinds present', () => {
  it('街道 and 社区 only: no labels (the manifest default)', () => {
    expect(levelLabels(['subdistrict', 'subdistrict'], ['community'])).toBeUndefined();
  });

  it('a county: both labels, kinds in a fixed order', () => {
    expect(
      levelLabels(['town', 'subdistrict', 'devzone', 'town'], ['village', 'community']),
    ).toEqual({
      street: { zh: '街道/镇/开发区', en: 'Subdistrict/Town/Development zone' },
      community: { zh: '社区/村', en: 'Community/Village' },
    });
  });

  it('only 镇 and 村', () => {
    expect(levelLabels(['town'], ['village'])).toEqual({
      street: { zh: '镇', en: 'Town' },
      community: { zh: '村', en: 'Village' },
    });
  });

  it('does not depend on the order or repetition of kinds', () => {
    const streets = fc.array(
      fc.constantFrom<StreetKind>('subdistrict', 'town', 'township', 'devzone'),
      { minLength: 1 },
    );
    const communities = fc.array(fc.constantFrom<CommunityKind>('community', 'village'), {
      minLength: 1,
    });
    fc.assert(
      fc.property(streets, communities, (s, c) => {
        const a = levelLabels(s, c);
        const b = levelLabels([...s].reverse().concat(s), [...c].reverse());
        expect(b).toEqual(a);
        if (a) expect(a.street.zh.split('/')).toHaveLength(new Set(s).size);
      }),
    );
  });
});
