// filesystem/shared (Mesos 0.21): containers share the host's root, but the
// paths named by volumes are private to each. Past 0.21 (DESIGN.md §5):
// read-only honoured, propagation private before any mount (the stub does
// that), paths compared by components, a work dir under /tmp still works.
import { realpathSync } from 'node:fs';

import type { Volume } from '../../mesos/container-info.js';
import type { Isolator } from '../isolator.js';
import { resolveVolumes, volumeMounts } from './plan.js';
import type { ResolvedVolume } from './plan.js';

export const DEFAULT_VOLUMES: Volume[] = [{ container_path: '/tmp', host_path: 'tmp', mode: 'RW' }];

export interface SharedFilesystemState {
  volumes: ResolvedVolume[];
}

export function createSharedFilesystemIsolator(defaultVolumes: Volume[] = DEFAULT_VOLUMES): Isolator {
  return {
    name: 'filesystem/shared',
    prepare(container) {
      // Compared with volumes by its real path (a work dir may sit behind a symlink).
      const sandbox = realpathSync(container.sandbox);
      const volumes = resolveVolumes(container.containerInfo?.volumes ?? defaultVolumes, sandbox);
      const state: SharedFilesystemState = { volumes };
      return { namespaces: ['mount'], mounts: volumeMounts(volumes, sandbox), state };
    },
  };
}
