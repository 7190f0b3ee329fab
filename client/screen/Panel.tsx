// The framed panel: thin border, glowing corner marks, a title bar, and a calm loading state
// before the first snapshot (never an empty frame). During an outage the children keep the last
// data, so a panel is never blank.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context';

export interface PanelProps {
  title: string;
  /** Small text right of the title: the period or a total. */
  extra?: ReactNode;
  loading?: boolean;
  testId?: string;
  className?: string;
  style?: React.CSSProperties;
  children?: ReactNode;
}

export function Panel({ title, extra, loading, testId, className, style, children }: PanelProps) {
  const { t } = useI18n();
  return (
    <section className={`panel ${className ?? ''}`} style={style} data-testid={testId}>
      <i className="corner tl" />
      <i className="corner tr" />
      <i className="corner bl" />
      <i className="corner br" />
      <header className="panel-title">
        <h2>
          <span className="panel-title-text">{title}</span>
        </h2>
        {extra != null && <span className="panel-extra">{extra}</span>}
      </header>
      <div className="panel-body">
        {loading ? (
          <div className="panel-loading" role="status">
            <span className="spinner" />
            {t.loading}
          </div>
        ) : (
          children
        )}
      </div>
    </section>
  );
}
