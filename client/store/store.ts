// A tiny external store (useSyncExternalStore). Deliberately no library: one state object, the
// updater table, subscribers. Selectors must return stable references (fields of the state).
import { useSyncExternalStore } from 'react';
import { initialState, type ScreenState } from './screen-state';
import { reduce, type EventName, type PayloadOf } from './updaters';

// Members are function-typed properties, not methods: they are closures that never use `this`,
// so React may take `store.subscribe` on its own.
export interface Store {
  get: () => ScreenState;
  dispatch: <K extends EventName>(event: K, payload: PayloadOf<K>) => void;
  subscribe: (fn: () => void) => () => void;
}

export function createStore(init: ScreenState = initialState()): Store {
  let state = init;
  const subs = new Set<() => void>();
  return {
    get: () => state,
    dispatch(event, payload) {
      const next = reduce(state, event, payload);
      if (next === state) return;
      state = next;
      for (const fn of subs) fn();
    },
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
  };
}

/** The one store of the page. */
export const store = createStore();

export function useScreen<T>(select: (s: ScreenState) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
