// The containerizer's settings, with the defaults the CLI documents.
import { isAbsolute } from 'node:path';

import { InvalidInputError } from '../errors.js';
import type { ModuleRegistry } from '../modules/registry.js';
import type { HierarchyChoice } from '../cgroups/select.js';
import type { Host } from '../host/host.js';
import type { Logger } from '../log/logger.js';
import type { LinuxInfo, Volume } from '../mesos/container-info.js';

export interface ContainerizerOptions {
  /** State of running containers: <runtimeDir>/containers/<id>/. */
  runtimeDir?: string;
  /** Sandboxes: <workDir>/containers/<id>/. */
  workDir?: string;
  /** Comma list or array of isolator names. */
  isolation?: string | readonly string[];
  /** Our subtree in each cgroup hierarchy. */
  cgroupsRoot?: string;
  cgroupsHierarchy?: HierarchyChoice;
  /** cgroups/cpu: also cap CPU time at the cpus given (CFS quota), not only weigh it. */
  cgroupsEnableCfs?: boolean;
  logger?: Logger;
  /** Modules loaded from a --modules manifest: isolators (by name in `isolation`) and hooks. */
  modules?: ModuleRegistry;
  /**
   * filesystem/shared: the volumes of a container launched without its own
   * ContainerInfo (Mesos's --default_container_info). Default: a private
   * /tmp, the sandbox's tmp.
   */
  defaultVolumes?: Volume[];
  /**
   * linux/capabilities (Mesos's flags of the same names): capabilities every
   * task gets, and the most any may have. Names as in capabilities(7).
   */
  effectiveCapabilities?: string[];
  boundingCapabilities?: string[];
  /** linux/capabilities: the linux_info of a container launched without its own ContainerInfo. */
  defaultLinuxInfo?: LinuxInfo;
  /** The host (processes, cgroups, signals, clock, the init stub). Default: this Linux machine; tests pass a fake. */
  host?: Host;
  /**
   * Start init stubs through the resident launcher (default true): a
   * long-lived caller (the agent) then never forks itself per launch. A
   * short-lived one (the CLI) spawns the stub itself: starting a launcher
   * for one launch would only add a process.
   */
  residentLauncher?: boolean;
}

export const DEFAULTS = {
  runtimeDir: '/run/mesos/containerizer',
  workDir: '/var/lib/mesos/containerizer',
  isolation: 'namespaces/pid,filesystem/shared',
  cgroupsRoot: 'mesos',
  cgroupsHierarchy: 'auto' as HierarchyChoice,
  destroyTimeoutSeconds: 60,
};

/** The runtime and work dirs are named in records other processes read: never relative to one's cwd. */
export function validateDirectoryFlag(flag: 'runtime_dir' | 'work_dir', path: string): string {
  if (!isAbsolute(path)) throw new InvalidInputError('INVALID_DIRECTORY', `--${flag} must be an absolute path, got '${path}'`);
  return path;
}

export function validateCgroupsRoot(root: string): string {
  const parts = root.split('/').filter(Boolean);
  if (parts.length === 0 || parts.some((p) => p === '.' || p === '..')) {
    throw new InvalidInputError('INVALID_CGROUPS_ROOT', `invalid --cgroups_root '${root}': it must be a relative cgroup path without '.' or '..'`);
  }
  return parts.join('/');
}
