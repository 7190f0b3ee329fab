// 区 › 街道 › 社区 › 网格 (a county's words: 县 › 镇 › 村 › 网格): every crumb above the current scope goes back up; the picker lists the
// children by name to drill down (the ranking rows and map polygons drill too).
import { useState } from 'react';
import type { RegionInfo } from '@shared/protocol';
import { useI18n } from '../i18n/i18n-context';
import { store, useScreen } from '../store/store';
import { childLevel, childrenOf, scopePath } from './scope-data';

const go = (r: RegionInfo) => store.dispatch('scope', { level: r.level, id: r.id });

export function Breadcrumb() {
  const { t } = useI18n();
  const geo = useScreen((s) => s.geo);
  const scope = useScreen((s) => s.scope);
  const [open, setOpen] = useState(false);
  if (!geo) return null;
  const path = scopePath(geo, scope);
  const below = childLevel(scope.level);
  const children = below ? childrenOf(geo, scope.id) : [];
  return (
    <nav className="breadcrumb" data-testid="breadcrumb">
      {path.map((r, i) => {
        const last = i === path.length - 1;
        return (
          <span key={r.id} className="crumb-wrap">
            {i > 0 && <span className="crumb-sep">›</span>}
            <button
              type="button"
              className={`crumb ${last ? 'crumb-current' : ''}`}
              data-testid={`crumb-${r.level}`}
              disabled={last}
              onClick={() => {
                setOpen(false);
                go(r);
              }}
            >
              <span className="crumb-level">{t.regionKind(r)}</span>
              {r.name}
            </button>
          </span>
        );
      })}
      {below && children.length > 0 && (
        <span className="drill">
          <button
            type="button"
            className={`drill-toggle ${open ? 'on' : ''}`}
            data-testid="drill-toggle"
            aria-expanded={open}
            onClick={() => setOpen((o) => !o)}
          >
            {t.drillDown} · {t.level[below]} ▾
          </button>
          {open && (
            <ul className="drill-list" role="menu">
              {children.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    role="menuitem"
                    data-testid={`drill-${c.id}`}
                    onClick={() => {
                      setOpen(false);
                      go(c);
                    }}
                  >
                    {c.name}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </span>
      )}
    </nav>
  );
}
