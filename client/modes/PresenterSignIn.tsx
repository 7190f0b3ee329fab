// The presenter token, typed once: without it the presenter window cannot step the wall. Kept in
// this tab's sessionStorage (util/presenter-token.ts), never in the address.
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { presenterToken } from '../util/presenter-token';

export function PresenterSignIn({ error, onDone }: { error: string | null; onDone: () => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!value.trim()) return;
    presenterToken.set(value);
    onDone();
  };
  return (
    <form className="presenter-signin" onSubmit={submit} data-testid="presenter-signin">
      <label>
        {t.presenterTokenLabel}
        <input
          type="password"
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          data-testid="presenter-token"
          autoFocus
        />
      </label>
      <button type="submit">{t.presenterTokenSubmit}</button>
      <p>{t.presenterTokenHint}</p>
      {error && (
        <p className="presenter-signin-error" role="alert" data-testid="presenter-refused">
          {error}
        </p>
      )}
    </form>
  );
}
