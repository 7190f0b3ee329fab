// Shown over the map while the server refuses the screen for want of its SCREEN_TOKEN: without it
// a wall would say "connecting" forever and the person installing it would not know why.
import { useI18n } from '../i18n/i18n-context';
import { useScreen } from '../store/store';

export function TokenNotice() {
  const { t } = useI18n();
  const status = useScreen((s) => s.status);
  if (status !== 'unauthorized') return null;
  return (
    <div className="token-notice" data-testid="token-notice" role="alert">
      <div>
        <h2>{t.tokenNeededTitle}</h2>
        <p>{t.tokenNeededHint}</p>
      </div>
    </div>
  );
}
