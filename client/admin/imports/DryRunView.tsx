// What a dry run found, before anything is written: encoding, counts by reason, the first rows.
import { reasonWord, useAdmin } from '../admin-context';
import type { ImportDoc } from '@shared/admin-api';

export function DryRunSummary({ doc }: { doc: ImportDoc }) {
  const ctx = useAdmin();
  const { t } = ctx;
  const d = doc.dryRun!;
  const rejected = Object.entries(d.rejected).sort((a, b) => b[1] - a[1]);
  const total = rejected.reduce((a, [, n]) => a + n, 0);
  return (
    <section className="card summary">
      <div className="facts">
        <Fact label={t.encoding} value={doc.header?.encoding ?? '—'} testId="encoding" />
        <Fact label={t.headerRow} value={String(doc.header?.headerRow ?? '—')} />
        <Fact label={t.wouldImport} value={d.accepted} testId="would-import" tone="ok" />
        <Fact label={t.duplicates} value={d.duplicates} />
        <Fact label={t.blanks} value={d.skippedBlank} />
        <Fact label={t.rejected} value={total} testId="would-reject" tone={total ? 'bad' : ''} />
      </div>
      {rejected.length > 0 && (
        <ul className="reasons" data-testid="reasons">
          {rejected.map(([code, n]) => (
            <li key={code}>
              <span>{reasonWord(ctx, code)}</span>
              <b>{n}</b>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Fact(p: { label: string; value: string | number; testId?: string; tone?: string }) {
  return (
    <div className={`fact ${p.tone ?? ''}`}>
      <span>{p.label}</span>
      <b data-testid={p.testId}>
        {typeof p.value === 'number' ? p.value.toLocaleString() : p.value}
      </b>
    </div>
  );
}

export function SampleTable({ doc }: { doc: ImportDoc }) {
  const ctx = useAdmin();
  const { t } = ctx;
  const headers = doc.header?.headers ?? [];
  return (
    <section className="card">
      <h3>{t.sample}</h3>
      <div className="scroll-x">
        <table className="grid-table sample" data-testid="sample">
          <thead>
            <tr>
              <th className="num">{t.row}</th>
              <th>{t.outcome}</th>
              {headers.map((h, i) => (
                <th key={i}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {doc.dryRun!.sample.map((s) => (
              <tr key={s.row} className={s.outcome.ok ? '' : 'rejected'}>
                <td className="num">{s.row}</td>
                <td className="outcome">
                  {s.outcome.ok ? t.ok : reasonWord(ctx, s.outcome.reject.reason)}
                </td>
                {headers.map((_, i) => (
                  <td key={i}>{s.cells[i] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
