// Recent events of the scope, newest on top; a new row slides in. Text is rendered as React text
// nodes only, so whatever a place name holds (even markup) shows as text.
import type { LiveEvent } from '@shared/protocol';
import { useI18n } from '../i18n/i18n-context';
import { Panel } from '../screen/Panel';
import { useScreen } from '../store/store';
import { clock } from '../util/format';

const KIND_CLASS: Record<LiveEvent['kind'], string> = {
  reported: 'k-reported',
  called: 'k-called',
  escalated: 'k-escalated',
  handled: 'k-handled',
  closed: 'k-closed',
  rated: 'k-rated',
};

export function Ticker() {
  const { t } = useI18n();
  const events = useScreen((s) => s.view?.recentEvents);
  return (
    <Panel title={t.tickerTitle} loading={!events} testId="panel-ticker" className="ticker-panel">
      <ol className="ticker" data-testid="ticker">
        {events?.length === 0 && <li className="ticker-empty">{t.noData}</li>}
        {events?.map((e) => (
          <li key={e.id} className="ticker-row" title={e.place}>
            <time>{clock(e.at)}</time>
            <span className={`kind ${KIND_CLASS[e.kind]}`}>{t.eventKind[e.kind]}</span>
            <span className="ticker-cat">{t.category[e.category]}</span>
            <span className="ticker-place">{e.place}</span>
            {/* The kind already says the step; for a whistle, where it goes is what matters. */}
            <span className="ticker-stage">
              {e.kind === 'escalated' && e.tier ? `→ ${t.tier[e.tier]}` : ''}
            </span>
          </li>
        ))}
      </ol>
    </Panel>
  );
}
