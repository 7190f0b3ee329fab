// "数据截至 11月24日 10:21:52 · 汇报数据已锁定": when the briefing's figures were taken.
import { useI18n } from '../i18n/i18n-context';
import { clock } from '../util/format';

export function frozenDate(iso: string, lang: 'zh' | 'en'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai',
    month: lang === 'zh' ? 'long' : 'short',
    day: 'numeric',
  }).format(d);
}

export function FrozenStamp({ at }: { at: string }) {
  const { t, lang } = useI18n();
  return (
    <span className="frozen-stamp" data-testid="frozen-stamp">
      <i className="frozen-lock" aria-hidden />
      {t.dataAsOf} <b>{frozenDate(at, lang)}</b> <b data-testid="frozen-at">{clock(at)}</b>
      <span className="frozen-note"> · {t.frozenNote}</span>
    </span>
  );
}
