// The admin console's entry (/admin): its own page in the same bundle, no socket, no map.
import { createRoot } from 'react-dom/client';
import { langFromSearch } from '../i18n/strings';
import { AdminApp } from './AdminApp';
import './admin.css';

const lang = langFromSearch(location.search);
document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
if (lang === 'en') document.title = 'Data administration · Smart community big screen';

createRoot(document.getElementById('root')!).render(<AdminApp lang={lang} />);
