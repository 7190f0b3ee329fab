// The presentation mode the address asks for, over the wall (exhibition, briefing) or instead
// of it (presenter view, see App.tsx). Renders nothing on the plain screen.
import { useEffect } from 'react';
import { BriefingMode } from './BriefingMode';
import { ExhibitionMode } from './ExhibitionMode';
import { briefingIdFromSearch, modeFromSearch, type Mode } from './mode-param';
import { PanelMask } from './PanelMask';
import { PresenterView } from './PresenterView';
import './modes.css';

export { modeFromSearch };
export type { Mode };

export function ModeHost({ mode, search = location.search }: { mode: Mode; search?: string }) {
  const briefingId = briefingIdFromSearch(search);
  // Lets styles tell the modes apart (html[data-mode='exhibition'] …).
  useEffect(() => {
    document.documentElement.dataset.mode = mode;
  }, [mode]);
  switch (mode) {
    case 'exhibition':
      return (
        <>
          <PanelMask />
          <ExhibitionMode />
        </>
      );
    case 'briefing':
      return (
        <>
          <PanelMask />
          <BriefingMode briefingId={briefingId} />
        </>
      );
    case 'presenter':
      return <PresenterView briefingId={briefingId} />;
    case 'screen':
      return null;
  }
}
