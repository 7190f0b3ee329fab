// Which district is loaded, its counts and live figures, what data:check says of its files, and
// what the simulator wrote (with its purge).
import { useEffect, useState } from 'react';
import { useAdmin } from './admin-context';
import { getJson } from './api';
import { SimulatedCard } from './SimulatedCard';
import type { DatasetReport, PurgeResult } from '@shared/admin-api';

export function DatasetPanel() {
  const { t, lang } = useAdmin();
  const [d, setD] = useState<DatasetReport | null>(null);
  const [error, setError] = useState('');
  const [key, setKey] = useState(0);
  const [purged, setPurged] = useState<PurgeResult | null>(null);

  useEffect(() => {
    setD(null);
    getJson<DatasetReport>('/api/admin/dataset').then(setD, (e: Error) => setError(e.message));
  }, [key]);

  if (error) return <p className="error">{error}</p>;
  if (!d) return <p className="muted">{t.loading}</p>;
  const row = (label: string, value: string | number, id?: string) => (
    <div className="fact" key={label}>
      <span>{label}</span>
      <b data-testid={id}>{typeof value === 'number' ? value.toLocaleString() : value}</b>
    </div>
  );
  return (
    <div className="dataset">
      <section className="card">
        <h3>{t.dataset}</h3>
        <div className="facts">
          {row(t.district, lang === 'zh' ? d.name : d.nameEn, 'district')}
          {row(t.code, d.districtCode)}
          {row(t.dir, d.dir)}
          {row(t.kindOfData, d.demo ? t.demo : t.real)}
        </div>
        <h3>{t.levels}</h3>
        <div className="facts">
          {Object.entries(d.levels).map(([level, n]) =>
            row(d.levelNames[level]?.[lang] ?? t.levelName[level] ?? level, n),
          )}
          {row(t.stationsN, d.stations)}
          {row(t.historyRows, d.historyRows)}
        </div>
        <h3>{t.figures}</h3>
        <div className="facts">
          {row(t.reported30, d.figures.reported30, 'reported30')}
          {row(t.solved30, d.figures.solved30)}
          {row(t.open, d.figures.open)}
          {row(t.overdue, d.figures.overdue)}
        </div>
      </section>
      <section className="card">
        <h3>{t.check}</h3>
        <p className={d.check.valid ? 'ok-line' : 'error'} data-testid="check">
          {d.check.valid ? t.valid(d.check.ms) : t.invalid(d.check.total)}
        </p>
        {d.check.problems.length > 0 && (
          <ul className="problems">
            {d.check.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        <button className="btn" onClick={() => setKey((k) => k + 1)}>
          {t.recheck}
        </button>
      </section>
      <SimulatedCard
        d={d}
        done={purged}
        onPurged={(r) => {
          setPurged(r);
          setKey((k) => k + 1);
        }}
      />
    </div>
  );
}
