// namespaces/pid: the task runs in a new pid namespace with its own /proc.
// The stub's init is pid 1 there: it reaps orphans and forwards signals.
import type { Isolator } from './isolator.js';

export function createPidNamespaceIsolator(): Isolator {
  return {
    name: 'namespaces/pid',
    prepare: () => ({
      namespaces: ['pid', 'mount'],
      mounts: [{ type: 'proc', target: '/proc' }],
    }),
  };
}
