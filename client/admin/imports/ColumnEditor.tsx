// The column-mapping guess, one select per field of ours: which header of the file holds it.
import { useAdmin } from '../admin-context';
import { FIELD_WORDS } from '../admin-strings';
import type { ColumnMapping, ImportField } from '@shared/admin-api';

export function ColumnEditor(props: {
  headers: string[];
  columns: ColumnMapping;
  onChange(c: ColumnMapping): void;
}) {
  const { t, lang } = useAdmin();
  // FIELD_WORDS words exactly our import fields.
  const fields = Object.keys(FIELD_WORDS.zh) as ImportField[];
  return (
    <section className="card">
      <h3>{t.columns}</h3>
      <div className="column-grid">
        {fields.map((f) => (
          <label key={f} className="column-pick">
            <span>{FIELD_WORDS[lang][f]}</span>
            <select
              name={`col-${f}`}
              value={props.columns[f] ?? ''}
              onChange={(e) => {
                const next = { ...props.columns };
                if (e.target.value) next[f] = e.target.value;
                else delete next[f];
                props.onChange(next);
              }}
            >
              <option value="">{t.none}</option>
              {props.headers
                .filter((h) => h !== '')
                .map((h) => (
                  <option key={h} value={h}>
                    {h}
                  </option>
                ))}
            </select>
          </label>
        ))}
      </div>
    </section>
  );
}
