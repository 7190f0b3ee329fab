// The scenes of a mode for the loaded district: fetch the file (retrying while the server is
// away), expand it against the geo bundle. `reloadKey` changing re-reads the file, so a tour
// edited by a city shows up at the start of the next loop without anyone touching the screen.
import { useEffect, useMemo, useState } from 'react';
import { useScreen } from '../store/store';
import { fetchSceneFile, type SceneFileName } from './scene-file';
import { expandScenes, type Scene, type SceneFile } from './scenes';

export interface LoadedScenes {
  scenes: Scene[];
  file: SceneFile | null;
}

export function useScenes(name: SceneFileName, reloadKey = 0): LoadedScenes {
  const geo = useScreen((s) => s.geo);
  const [file, setFile] = useState<SceneFile | null>(null);

  useEffect(() => {
    const ctl = new AbortController();
    void fetchSceneFile(name, ctl.signal).then((parsed) => {
      if (!parsed || ctl.signal.aborted) return;
      // A problem in a hand-edited file is the installer's to see, not the visitors'.
      if (parsed.problems.length > 0) console.info(`${name}.json:`, parsed.problems.join('; '));
      // An unchanged file keeps the same scene objects (no re-render, no restarted scene).
      setFile((prev) =>
        prev && JSON.stringify(prev) === JSON.stringify(parsed.file) ? prev : parsed.file,
      );
    });
    return () => ctl.abort();
  }, [name, reloadKey]);

  const scenes = useMemo(
    () =>
      file && geo
        ? expandScenes(
            file,
            geo.regions.features.map((f) => f.properties),
          )
        : [],
    [file, geo],
  );
  return { scenes, file };
}
