// ?mode=briefing: the wall during an inspection briefing. The presenter steps through the scenes
// of data/briefing.json from the presenter view (with the presenter token; the wall's own keys do
// nothing, so anyone at the wall cannot steer it); the figures are frozen at the briefing's
// moment (its start, or a ?asOf= / file asOf chosen by the presenter window) and
// counted by the server for that moment, so they stay still while deltas keep arriving (the store
// applies them to a shadow view) and every window shows the same ones, with a "数据截至 …" stamp.
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { store, useScreen } from '../store/store';
import { AnnotationLayer } from './AnnotationLayer';
import { distinctScopes, fetchFrozenViews, scopeKey } from './frozen-views';
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
  const { state, index } = useBriefing(briefingId, scenes.length, false);
  const scene = scenes[index];
  const frozenAt = state?.frozenAt ?? null;
  const [frozen, setFrozen] = useState<FrozenViews | null>(null);
  const box = useMapBox();

  // The freeze: the store stops applying deltas to the wall at once; then every scope of the
  // briefing is fetched as it stood at the briefing's moment, the same on every window.
  useEffect(() => {
    if (!frozenAt) return;
    store.dispatch('freeze', frozenAt);
    setFrozen({ frozenAt, views: {} });
    const ctl = new AbortController();
    void fetchFrozenViews(distinctScopes(scenes), frozenAt, ctl.signal, (view) =>
      setFrozen((f) =>
        f && f.frozenAt === frozenAt
          ? { frozenAt, views: { ...f.views, [scopeKey(view.scope)]: view } }
          : f,
      ),
    );
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
