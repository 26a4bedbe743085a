// The containerizer's own settings. Every mesos-containerizer command takes
// them (one set of flags fits all), and so does mesos-agent, with the same
// names and meaning.
import { HIERARCHY_CHOICES } from '../cgroups/select.js';
import { DEFAULTS } from '../containerizer/options.js';
import { LOG_LEVELS } from '../log/logger.js';
import type { FlagSpec } from './flag-spec.js';

export const CONTAINERIZER_FLAGS: Record<string, FlagSpec> = {
  runtime_dir: { type: 'string', describe: 'state of containers: DIR/containers/ID', default: DEFAULTS.runtimeDir },
  work_dir: { type: 'string', describe: 'sandboxes live in DIR/containers/ID', default: DEFAULTS.workDir },
  isolation: { type: 'string', describe: 'comma list of isolators for new containers', default: DEFAULTS.isolation },
  cgroups_root: { type: 'string', describe: 'our subtree in each cgroup hierarchy', default: DEFAULTS.cgroupsRoot },
  cgroups_hierarchy: {
    type: 'string',
    describe: "where containers' cgroups live: v2 (cgroup.kill), v1 (freezer), or auto",
    default: DEFAULTS.cgroupsHierarchy,
    choices: HIERARCHY_CHOICES,
  },
  default_container_info: {
    type: 'string',
    describe: 'filesystem/shared volumes for new containers: a Mesos ContainerInfo JSON (inline, /path or file://path); replaces the default private /tmp',
  },
  volume: { type: 'array', describe: 'CONTAINER_PATH:HOST_PATH[:ro|rw], a volume for new containers (repeatable); replaces the default private /tmp' },
  effective_capabilities: {
    type: 'string',
    describe: 'linux/capabilities: capabilities every task gets (e.g. CHOWN,NET_BIND_SERVICE; empty: none), unless its ContainerInfo says otherwise',
  },
  bounding_capabilities: {
    type: 'string',
    describe: 'linux/capabilities: the most any task may have (its bounding set); a ContainerInfo may ask for less, never more',
  },
  cgroups_enable_cfs: { type: 'boolean', describe: 'cgroups/cpu also caps CPU time at --cpus (CFS quota), not only weighs it', default: false },
  modules: { type: 'string', describe: 'Mesos modules manifest (JSON inline, /path or file://path): isolators and hooks' },
  log_level: { type: 'string', describe: 'pino log level on stderr', default: 'warn', choices: LOG_LEVELS },
};
