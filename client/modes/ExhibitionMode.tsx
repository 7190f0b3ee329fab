// ?mode=exhibition: the unattended tour. Starts by itself, loops forever, holds while a visitor
// touches the wall and resumes after the file's idle time. The clock is the pure tour-clock.ts;
// this component only feeds it time and input and writes the current scene into the store.
// Recovery from network drops and server restarts is the live module's (it reconnects and
// resyncs); the tour keeps running through an outage on the last figures.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { store } from '../store/store';
import { AnnotationLayer } from './AnnotationLayer';
import { SceneCaption } from './SceneCaption';
import { sceneState, sceneTitle } from './scenes';
import { restartTour, startTour, tick, touch, type TourState } from './tour-clock';
import { useMapBox } from './use-map-box';
import { useScenes } from './use-scenes';

const DEFAULT_IDLE_S = 60;
const TICK_MS = 250;
/** What counts as a person at the wall (a kiosk has a touch screen, sometimes a mouse). */
const INPUT_EVENTS = ['pointerdown', 'wheel', 'keydown'] as const;

export function ExhibitionMode() {
  const { t, lang } = useI18n();
  const [loop, setLoop] = useState(0);
  const { scenes, file } = useScenes('tour', loop);
  const idleS = file?.idleResumeSeconds ?? DEFAULT_IDLE_S;
  const durations = useMemo(() => scenes.map((s) => s.durationMs), [scenes]);
  const [tour, setTour] = useState<TourState>(() => startTour(Date.now()));
  const box = useMapBox();

  // The clock starts when there is something to show, not while the scene file is loading.
  const ready = scenes.length > 0;
  useEffect(() => {
    if (ready) setTour((s) => restartTour(s, Date.now()));
  }, [ready]);

  useEffect(() => {
    const id = setInterval(
      () => setTour((s) => tick(s, Date.now(), durations, idleS * 1000)),
      TICK_MS,
    );
    return () => clearInterval(id);
  }, [durations, idleS]);

  useEffect(() => {
    const onInput = () => setTour((s) => touch(s, Date.now()));
    for (const e of INPUT_EVENTS)
      window.addEventListener(e, onInput, { capture: true, passive: true });
    return () => {
      for (const e of INPUT_EVENTS) window.removeEventListener(e, onInput, { capture: true });
    };
  }, []);

  const index = scenes.length > 0 ? tour.index % scenes.length : 0;
  const scene = scenes[index];

  // Each scene start (also a resume after a visitor drilled elsewhere) sets the whole scene.
  useEffect(() => {
    if (scene) store.dispatch('scene', sceneState(scene));
  }, [scene, tour.since]);

  // Back at the first scene: re-read the tour file, so a city's edit shows without a rebuild.
  const lastIndex = useRef(index);
  useEffect(() => {
    if (index < lastIndex.current) setLoop((n) => n + 1);
    lastIndex.current = index;
  }, [index]);

  // No pointer on an unattended wall; it comes back as soon as someone moves it.
  const paused = tour.touchedAt !== null;
  useEffect(() => {
    document.documentElement.classList.toggle('tour-running', !paused);
  }, [paused]);

  if (!box || !scene) return null;
  return (
    <>
      <SceneCaption
        host={box.host}
        title={sceneTitle(scene, lang)}
        index={index}
        count={scenes.length}
        durationMs={scene.durationMs}
        startedAt={tour.since}
        paused={paused}
        sub={paused ? t.tourPaused(Math.round(idleS)) : undefined}
      />
      {!paused && <AnnotationLayer box={box} />}
    </>
  );
}
