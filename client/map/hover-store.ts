// The picked object under the pointer, kept outside React state of the map so a mouse move
// re-renders only the tooltip, never the deck.gl canvas component.
import { useSyncExternalStore } from 'react';

export interface Hover {
  x: number;
  y: number;
  layerId: string;
  object: unknown;
}

export interface HoverStore {
  // Function-typed properties (closures, no `this`): safe to pass on their own.
  get: () => Hover | null;
  set: (h: Hover | null) => void;
  subscribe: (fn: () => void) => () => void;
}

export function createHoverStore(): HoverStore {
  let hover: Hover | null = null;
  const subs = new Set<() => void>();
  return {
    get: () => hover,
    set(h) {
      if (h === hover || (h === null && hover === null)) return;
      hover = h;
      for (const fn of subs) fn();
    },
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
  };
}

export function useHover(store: HoverStore): Hover | null {
  return useSyncExternalStore(store.subscribe, store.get);
}
