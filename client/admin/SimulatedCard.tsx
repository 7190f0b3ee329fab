// What the built-in simulator wrote into this database, and the purge that takes it out again: a
// real district's figures must not keep invented records by accident (a demo run, a test day).
import { useState } from 'react';
import { useAdmin } from './admin-context';
import { sendJson } from './api';
import type { DatasetReport, PurgeResult, SimulatedCounts } from '@shared/admin-api';

const total = (c: SimulatedCounts) => c.problems + c.volunteers + c.partyReports + c.stationVisits;

export function SimulatedCard(p: {
  d: DatasetReport;
  /** The last purge's answer, kept by the panel across its reload. */
  done: PurgeResult | null;
  onPurged: (r: PurgeResult) => void;
}) {
  const { t } = useAdmin();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const done = p.done;
  const c = p.d.simulated;

  const purge = () => {
    setAsking(false);
    setBusy(true);
    setError('');
    sendJson<PurgeResult>('POST', '/api/admin/simulated/purge').then(
      (r) => {
        setBusy(false);
        p.onPurged(r);
      },
      (e: Error) => {
        setBusy(false);
        setError(e.message);
      },
    );
  };

  return (
    <section className="card" data-testid="simulated">
      <h3>{t.simulated}</h3>
      <p className={p.d.simulatorRunning ? 'warn-line' : 'muted'}>
        {p.d.simulatorRunning ? t.simulatorOn : t.simulatorOff}
      </p>
      <div className="facts">
        {(
          [
            [t.simProblems, c.problems],
            [t.simVolunteers, c.volunteers],
            [t.simParty, c.partyReports],
            [t.simVisits, c.stationVisits],
          ] as const
        ).map(([label, n]) => (
          <div className="fact" key={label}>
            <span>{label}</span>
            <b>{n.toLocaleString()}</b>
          </div>
        ))}
      </div>
      {done && <p className="ok-line">{t.purged(total(done.removed), done.ms)}</p>}
      {error && <p className="error">{error}</p>}
      {asking && (
        <div className="confirm" role="alertdialog" data-testid="purge-confirm">
          <p>{t.purgeConfirm(total(c))}</p>
          <button className="btn danger" onClick={purge}>
            {t.purgeIt}
          </button>
          <button className="btn ghost" onClick={() => setAsking(false)}>
            {t.cancel}
          </button>
        </div>
      )}
      <button
        className="btn danger"
        disabled={busy || p.d.simulatorRunning || total(c) === 0}
        title={p.d.simulatorRunning ? t.simulatorOn : undefined}
        onClick={() => setAsking(true)}
      >
        {busy ? t.purging : t.purge}
      </button>
    </section>
  );
}
