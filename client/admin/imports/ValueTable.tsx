// Unmapped values with their row counts; each is mapped to one of ours, kept as other, or rejected.
import { PROBLEM_CATEGORIES, PROBLEM_SOURCES, RATINGS, RESPONSE_TIERS } from '@shared/protocol';
import { useAdmin } from '../admin-context';
import { ourValueWord } from '../admin-strings';
import type { UnmappedValue, ValueKind } from '@shared/admin-api';
import { choiceKey, type Choice } from './value-choices';

const OURS: Record<ValueKind, readonly string[]> = {
  category: PROBLEM_CATEGORIES.filter((c) => c !== 'other'),
  source: PROBLEM_SOURCES,
  tier: RESPONSE_TIERS,
  rating: RATINGS,
};
const KIND_WORDS = {
  zh: { category: '问题类别', source: '来源', tier: '处置层级', rating: '满意度' },
  en: { category: 'category', source: 'source', tier: 'tier', rating: 'rating' },
};

const encode = (c: Choice) => (c.to === 'map' ? `map:${c.value}` : c.to);
const decode = (s: string): Choice =>
  s.startsWith('map:')
    ? { to: 'map', value: s.slice(4) }
    : s === 'other'
      ? { to: 'other' }
      : { to: 'reject' };

export function ValueTable(props: {
  unmapped: UnmappedValue[];
  choices: Record<string, Choice>;
  onChoice(key: string, c: Choice): void;
}) {
  const { t, lang } = useAdmin();
  return (
    <section className="card">
      <h3>{t.values}</h3>
      {props.unmapped.length === 0 ? (
        <p className="muted">{t.allMapped}</p>
      ) : (
        <table className="grid-table" data-testid="unmapped">
          <thead>
            <tr>
              <th>{t.kind}</th>
              <th>{t.value}</th>
              <th className="num">{t.count}</th>
              <th>{t.choice}</th>
            </tr>
          </thead>
          <tbody>
            {props.unmapped.map((u) => {
              const key = choiceKey(u);
              return (
                <tr key={key}>
                  <td>{KIND_WORDS[lang][u.kind]}</td>
                  <td className="value">{u.value}</td>
                  <td className="num">{u.count}</td>
                  <td>
                    <select
                      data-value={u.value}
                      value={encode(props.choices[key] ?? { to: 'reject' })}
                      onChange={(e) => props.onChoice(key, decode(e.target.value))}
                    >
                      {OURS[u.kind].map((v) => (
                        <option key={v} value={`map:${v}`}>
                          {t.mapTo(ourValueWord(lang, u.kind, v))}
                        </option>
                      ))}
                      <option value="other">{t.asOther}</option>
                      <option value="reject">{t.reject}</option>
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
