// The master's latest snapshot as a Preact hook: a component re-renders on
// every poll.
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';

import type { MasterSnapshot } from './master-store.js';
import { MasterStore } from './master-store.js';

export const MasterContext = createContext<MasterStore | undefined>(undefined);

export function useMasterStore(): MasterStore {
  const store = useContext(MasterContext);
  if (!store) throw new Error('useMaster() outside <MasterContext.Provider>');
  return store;
}

export function useMaster(): MasterSnapshot {
  const store = useMasterStore();
  const [snapshot, setSnapshot] = useState(store.snapshot);
  useEffect(() => {
    setSnapshot(store.snapshot);
    return store.subscribe(setSnapshot);
  }, [store]);
  return snapshot;
}
