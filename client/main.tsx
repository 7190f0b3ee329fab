// The page entry. The socket and the geo fetch start outside React, once, so no remount (or
// StrictMode double effect) can open a second socket.
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadGeo } from './hooks/load-geo';
import { loadHeat } from './hooks/load-heat';
import { langFromSearch } from './i18n/strings';
import { startLive } from './live/live-link';
import { store } from './store/store';
import './styles/screen.css';
import './styles/panels.css';
import './styles/center.css';
import './styles/ticker.css';

const lang = langFromSearch(location.search);
document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';

loadGeo(store);
loadHeat(store);
startLive(store);

createRoot(document.getElementById('root')!).render(<App lang={lang} />);
