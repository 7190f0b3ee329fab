// The title bar: date and clock (Asia/Shanghai) on the left, the title in the middle, the link
// status on the right.
import { useEffect } from 'react';
import { useNow } from '../hooks/use-now';
import { useI18n } from '../i18n/i18n-context';
import { useScreen } from '../store/store';
import { clock, longDate } from '../util/format';
import { StatusBadge } from './StatusBadge';

export function Header() {
  const { t, lang } = useI18n();
  const now = useNow();
  const dataset = useScreen((s) => s.geo?.dataset);
  const place = dataset ? (lang === 'zh' ? dataset.name : dataset.nameEn) : '';
  const title = place ? `${place} · ${t.titleSuffix}` : t.titleSuffix;
  useEffect(() => {
    document.title = title;
  }, [title]);
  return (
    <header className="screen-header">
      <div className="header-side header-left">
        <span className="header-date">{longDate(now, lang)}</span>
        <span className="header-clock">{clock(now)}</span>
      </div>
      <h1 className="header-title" data-testid="title">
        {title}
      </h1>
      <div className="header-side header-right">
        <StatusBadge />
      </div>
    </header>
  );
}
