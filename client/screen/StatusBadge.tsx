// Link status and data age: 实时 (green) / 连接中 / 重连中 (amber, pulsing) / 需要令牌 (red) +
// 数据截至 HH:MM:SS.
import { useI18n } from '../i18n/i18n-context';
import { useScreen } from '../store/store';
import { clock } from '../util/format';

/** `showAsOf` is off where the screen shows no live figures (the presenter view). */
export function StatusBadge({ showAsOf = true }: { showAsOf?: boolean }) {
  const { t } = useI18n();
  const status = useScreen((s) => s.status);
  const asOf = useScreen((s) => s.asOf);
  const label =
    status === 'live'
      ? t.live
      : status === 'connecting'
        ? t.connecting
        : status === 'unauthorized'
          ? t.tokenNeeded
          : t.reconnecting;
  return (
    <div className={`status status-${status}`} data-testid="status" role="status">
      <span className="status-dot" />
      <span className="status-label">{label}</span>
      {showAsOf && asOf && (
        <span className="status-asof">
          {t.dataAsOf} <b data-testid="as-of">{clock(asOf)}</b>
        </span>
      )}
    </div>
  );
}
