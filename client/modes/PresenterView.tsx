// ?mode=presenter: the presenter's own window (laptop or confidence monitor). The scene list,
// what is on the wall now, what comes next and the talking points; keys or a click on a scene
// move the wall through the server's briefing room. No map and no charts: nothing to load or
// leak on the presenter's machine. Stepping needs the presenter token, asked for once.
import { useEffect, useRef, useState } from 'react';
import { useNow } from '../hooks/use-now';
import { useI18n } from '../i18n/i18n-context';
import { StatusBadge } from '../screen/StatusBadge';
import { useScreen } from '../store/store';
import { clock } from '../util/format';
import { FrozenStamp } from './FrozenStamp';
import { sceneTitle, type Scene } from './scenes';
import { asOfFromSearch } from './mode-param';
import { useBriefing } from './use-briefing';
import { briefingLink } from '../live/briefing-link';
import { presenterToken } from '../util/presenter-token';
import { PresenterSignIn } from './PresenterSignIn';
import { useScenes } from './use-scenes';
import './presenter.css';

function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor(s / 60)).padStart(2, '0');
  return `${mm}:${String(s % 60).padStart(2, '0')}`;
}

function Notes({ scene }: { scene: Scene }) {
  const { t, lang } = useI18n();
  const note = lang === 'en' ? scene.noteEn : scene.note;
  const callouts = scene.annotations.map((a) => (lang === 'en' ? (a.textEn ?? a.text) : a.text));
  if (!note && callouts.length === 0) return null;
  return (
    <div className="presenter-notes">
      <h3>{t.presenterNotes}</h3>
      {note && <p>{note}</p>}
      {callouts.map((c, i) => (
        <p key={i} className="presenter-callout">
          {c}
        </p>
      ))}
    </div>
  );
}

export function PresenterView({ briefingId }: { briefingId: string }) {
  const { t, lang } = useI18n();
  const now = useNow();
  const { scenes, file } = useScenes('briefing');
  const asOf = asOfFromSearch(location.search) ?? file?.asOf;
  const [signedIn, setSignedIn] = useState(() => presenterToken.get() !== null);
  const [refused, setRefused] = useState<string | null>(null);
  const { state, index, go, refreeze } = useBriefing(briefingId, scenes.length, signedIn, asOf);
  const place = useScreen((s) =>
    s.geo ? (lang === 'zh' ? s.geo.dataset.name : s.geo.dataset.nameEn) : '',
  );
  const [openedAt] = useState(() => Date.now());
  const current = scenes[index];
  const next = scenes[index + 1];
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    document.title = `${t.presenterTitle} · ${place}`;
  }, [t, place]);
  useEffect(
    () =>
      briefingLink.onRefused((error, message) => {
        setRefused(message);
        if (error === 'presenter_required') {
          presenterToken.clear();
          setSignedIn(false);
        }
      }),
    [],
  );
  useEffect(() => {
    listRef.current?.querySelector('.is-current')?.scrollIntoView({ block: 'nearest' });
  }, [index]);

  return (
    <div className="presenter" data-testid="presenter">
      <header className="presenter-header">
        <h1>
          {t.presenterTitle}
          <span>
            {place} · {briefingId}
          </span>
        </h1>
        <div className="presenter-clock">
          <span>{clock(now)}</span>
          <span className="presenter-elapsed">
            {t.presenterElapsed} {elapsed(now.getTime() - openedAt)}
          </span>
        </div>
        {/* Link status only: the time the wall's figures are from is the frozen stamp below. */}
        <StatusBadge showAsOf={false} />
      </header>
      {!signedIn && (
        <PresenterSignIn
          error={refused}
          onDone={() => {
            setRefused(null);
            setSignedIn(true);
          }}
        />
      )}
      <main className="presenter-body" hidden={!signedIn}>
        <section className="presenter-now">
          {current ? (
            <>
              <div className="presenter-label">
                {t.presenterNow} · {index + 1} / {scenes.length}
              </div>
              <h2 data-testid="presenter-current">{sceneTitle(current, lang)}</h2>
              <Notes scene={current} />
              <div className="presenter-next">
                <span className="presenter-label">{t.presenterNext}</span>
                {next ? sceneTitle(next, lang) : t.presenterEnd}
              </div>
            </>
          ) : (
            <div className="presenter-label">{t.scenesLoading}</div>
          )}
        </section>
        <ol className="presenter-list" ref={listRef} data-testid="presenter-list">
          {scenes.map((s, i) => (
            <li key={s.id} className={i === index ? 'is-current' : i < index ? 'is-done' : ''}>
              <button type="button" onClick={() => go(i)}>
                <b>{i + 1}</b>
                {sceneTitle(s, lang)}
              </button>
            </li>
          ))}
        </ol>
      </main>
      <footer className="presenter-footer">
        <span>{t.presenterKeys}</span>
        {signedIn && refused && (
          <span className="presenter-signin-error" role="alert" data-testid="presenter-refused">
            {refused}
          </span>
        )}
        {state && <FrozenStamp at={state.frozenAt} />}
        {signedIn && state && (
          <button
            type="button"
            className="presenter-refreeze"
            onClick={(e) => {
              refreeze();
              e.currentTarget.blur(); // Enter and space stay the clicker's keys
            }}
            data-testid="presenter-refreeze"
          >
            {t.presenterRefreeze}
          </button>
        )}
      </footer>
    </div>
  );
}
