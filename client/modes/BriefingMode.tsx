// ?mode=briefing: the wall during an inspection briefing. The presenter steps through the scenes
// of data/briefing.json (keys here or on the presenter view, kept in step by the server); the
// figures are frozen when the briefing starts and stay still while deltas keep arriving (the
// store applies them to a shadow view), with a "数据截至 …" stamp saying when they were taken.
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { store, useScreen } from '../store/store';
import { AnnotationLayer } from './AnnotationLayer';
import { captureViews, distinctScopes, loadFrozen, saveFrozen, scopeKey } from './frozen-views';
import type { FrozenViews } from './frozen-views';
import { FrozenStamp } from './FrozenStamp';
import { SceneCaption } from './SceneCaption';
import { sceneState, sceneTitle } from './scenes';
import { useBriefing } from './use-briefing';
import { useMapBox } from './use-map-box';
import { useScenes } from './use-scenes';

export function BriefingMode({ briefingId }: { briefingId: string }) {
  const { lang } = useI18n();
  const { scenes } = useScenes('briefing');
  const { state, index } = useBriefing(briefingId, scenes.length);
  const scene = scenes[index];
  const frozenAt = state?.frozenAt ?? null;
  const [frozen, setFrozen] = useState<FrozenViews | null>(null);
  const box = useMapBox();

  // The freeze: the store stops applying deltas to the wall at once; then every scope of the
  // briefing is taken (or restored after a reload) so all scenes share one moment.
  useEffect(() => {
    if (!frozenAt) return;
    const restored = loadFrozen(briefingId, frozenAt);
    // The stamp is the briefing's agreed moment, the same on the wall and the presenter view;
    // the figures are taken right after it (the wall stops following deltas at once).
    store.dispatch('freeze', frozenAt);
    if (restored) {
      setFrozen(restored);
      return;
    }
    setFrozen(null);
    const ctl = new AbortController();
    void captureViews(distinctScopes(scenes), ctl.signal).then((views) => {
      if (ctl.signal.aborted) return;
      saveFrozen(briefingId, frozenAt, views);
      setFrozen(views);
    });
    return () => ctl.abort();
    // Deliberately not on `scenes`: the figures are taken once, for the briefing as it started.
  }, [briefingId, frozenAt]);

  // Each step sets the scene, then puts the frozen figures of its scope on the wall.
  useEffect(() => {
    if (!scene) return;
    store.dispatch('scene', sceneState(scene));
    const view = frozen?.views[scopeKey(scene.focus)];
    if (view) store.dispatch('frozenView', view);
  }, [scene, frozen]);

  const takenAt = useScreen((s) => s.frozenAt);
  if (!box || !scene) return null;
  return (
    <>
      <SceneCaption
        host={box.host}
        title={sceneTitle(scene, lang)}
        index={index}
        count={scenes.length}
        durationMs={null}
        startedAt={index}
        sub={takenAt ? <FrozenStamp at={takenAt} /> : undefined}
      />
      <AnnotationLayer box={box} />
    </>
  );
}
