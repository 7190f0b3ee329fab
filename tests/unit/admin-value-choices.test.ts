import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choiceKey, planValues, type Choice } from '../../client/admin/imports/value-choices';
import type { UnmappedValue, ValueKind } from '../../shared/admin-api';

const u = (kind: ValueKind, value: string, count = 1): UnmappedValue => ({ kind, value, count });

describe('value-mapping choices → import settings', () => {
  it('maps chosen values, sends category other as a mapping, keeps the saved tables', () => {
    const list = [u('category', '井盖缺失', 4), u('category', '噪音'), u('rating', '一般')];
    const plan = planValues(
      list,
      {
        [choiceKey(list[0]!)]: { to: 'map', value: 'safety' },
        [choiceKey(list[1]!)]: { to: 'other' },
        [choiceKey(list[2]!)]: { to: 'map', value: 'basically_satisfied' },
      },
      { category: { 环境卫生: 'environment' } },
    );
    expect(plan.values).toEqual({
      category: { 环境卫生: 'environment', 井盖缺失: 'safety', 噪音: 'other' },
      rating: { 一般: 'basically_satisfied' },
    });
    expect(plan.policy).toBeUndefined();
  });

  it('other on a tier is the other policy; with a reject beside it, reject wins and says so', () => {
    const tier = u('tier', '物业公司');
    expect(planValues([tier], { [choiceKey(tier)]: { to: 'other' } }).policy).toBe('other');
    const src = u('source', '信访');
    const plan = planValues([tier, src], {
      [choiceKey(tier)]: { to: 'other' },
      [choiceKey(src)]: { to: 'reject' },
    });
    expect(plan.policy).toBe('reject');
    expect(plan.overruled).toEqual([tier]);
  });

  it('for any choices: every mapped value is in the tables, and a policy exactly when something stays unmapped', () => {
    const kinds: ValueKind[] = ['category', 'source', 'tier', 'rating'];
    const entry = fc.record({
      kind: fc.constantFrom(...kinds),
      value: fc.string({ minLength: 1, maxLength: 6 }),
      choice: fc.constantFrom<Choice>({ to: 'map', value: 'x' }, { to: 'other' }, { to: 'reject' }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => choiceKey(e) }), (entries) => {
        const list = entries.map((e) => u(e.kind, e.value));
        const choices = Object.fromEntries(entries.map((e) => [choiceKey(e), e.choice]));
        const plan = planValues(list, choices);
        const left = entries.filter(
          (e) => e.choice.to === 'reject' || (e.choice.to === 'other' && e.kind !== 'category'),
        );
        expect(plan.policy === undefined).toBe(left.length === 0);
        for (const e of entries)
          if (e.choice.to === 'map') expect(plan.values[e.kind]?.[e.value]).toBe('x');
      }),
    );
  });
});
