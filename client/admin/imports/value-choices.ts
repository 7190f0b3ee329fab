// The value-mapping table's choices → what the import API takes: value tables to send with the
// dry run, and the policy for what stays unmapped. The API has one policy per import, so `other`
// for a source/tier/rating (left empty) and `reject` elsewhere cannot both hold: reject wins and
// the page says so. Category has an `other` of its own, so it is mapped there, never a conflict.
import type { NamedMapping, UnmappedValue, ValueKind } from '@shared/admin-api';

export type Choice = { to: 'map'; value: string } | { to: 'other' } | { to: 'reject' };

export const choiceKey = (u: Pick<UnmappedValue, 'kind' | 'value'>) => `${u.kind}\u0000${u.value}`;

export interface Plan {
  values: NonNullable<NamedMapping['values']>;
  policy: 'other' | 'reject' | undefined;
  /** Values the user asked to keep as `other` that will be rejected instead. */
  overruled: UnmappedValue[];
}

export function planValues(
  unmapped: UnmappedValue[],
  choices: Record<string, Choice>,
  base: NamedMapping['values'] = {},
): Plan {
  const values: Plan['values'] = {};
  for (const [k, table] of Object.entries(base ?? {})) values[k as ValueKind] = { ...table };
  const put = (kind: ValueKind, from: string, to: string) =>
    (values[kind] = { ...values[kind], [from]: to });
  const others: UnmappedValue[] = [];
  let rejects = 0;
  for (const u of unmapped) {
    const c = choices[choiceKey(u)] ?? { to: 'reject' };
    if (c.to === 'map') put(u.kind, u.value, c.value);
    else if (c.to === 'other' && u.kind === 'category') put(u.kind, u.value, 'other');
    else if (c.to === 'other') others.push(u);
    else rejects++;
  }
  const policy = rejects > 0 ? 'reject' : others.length > 0 ? 'other' : undefined;
  return { values, policy, overruled: policy === 'reject' ? others : [] };
}
