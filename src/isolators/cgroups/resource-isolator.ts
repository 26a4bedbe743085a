// What cgroups/cpu and cgroups/mem share: a cgroup for their controller,
// limits written at prepare and at update, the cgroup removed at cleanup.
import type { CgroupRef } from '../../cgroups/cgroup.js';
import type { ResourceController } from '../../cgroups/controllers.js';
import type { Isolator, Resources } from '../isolator.js';
import type { CgroupSettings, ResourceCgroupState } from './resource-cgroup.js';
import { removeResourceCgroup, resourceCgroup } from './resource-cgroup.js';

export function createResourceIsolator(
  name: string,
  controller: ResourceController,
  settings: CgroupSettings,
  apply: (cgroup: CgroupRef, resources: Resources) => void,
): Isolator {
  return {
    name,
    prepare(container) {
      const state = resourceCgroup(controller, container.containerId, container.cgroup, settings);
      try {
        apply(state.cgroup, container.resources ?? {});
      } catch (error) {
        removeResourceCgroup(state);
        throw error;
      }
      return { cgroups: [state.cgroup], state };
    },
    update(container, resources) {
      apply((container.state as ResourceCgroupState).cgroup, resources);
    },
    cleanup(container) {
      removeResourceCgroup(container.state as ResourceCgroupState | undefined);
    },
  };
}
