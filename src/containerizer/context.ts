// What every containerizer operation needs, built once per Containerizer.
import { join } from 'node:path';

import type { CgroupRef } from '../cgroups/cgroup.js';
import type { CgroupMount } from '../cgroups/mounts.js';
import type { HierarchyChoice, SelectedHierarchy } from '../cgroups/select.js';
import { selectHierarchy } from '../cgroups/select.js';
import type { Isolator } from '../isolators/isolator.js';
import type { IsolatorLookup, IsolatorSettings } from '../isolators/registry.js';
import { parseIsolationList, resolveIsolators } from '../isolators/registry.js';
import type { Logger } from '../log/logger.js';
import type { Hook } from '../modules/hook.js';
import { createLogger } from '../log/logger.js';
import { capabilitySettings } from './capability-options.js';
import type { ContainerizerOptions } from './options.js';
import { DEFAULTS, validateCgroupsRoot, validateDirectoryFlag } from './options.js';
import { linuxHost } from '../host/linux-host.js';
import type { Host } from '../host/host.js';
import { RunDirectory } from './run-dir/run-directory.js';

export class ContainerizerContext {
  readonly runDir: RunDirectory;
  readonly workDir: string;
  readonly isolation: string[];
  readonly isolators: Isolator[];
  readonly cgroupsRoot: string;
  readonly logger: Logger;
  readonly hooks: Hook[];
  readonly host: Host;
  readonly hierarchyChoice: HierarchyChoice;
  readonly residentLauncher: boolean;
  private readonly moduleIsolators: IsolatorLookup;
  private readonly settings: IsolatorSettings;
  private selected: SelectedHierarchy | undefined;
  private mounts: CgroupMount[] | undefined;

  constructor(options: ContainerizerOptions = {}) {
    this.host = options.host ?? linuxHost;
    this.runDir = new RunDirectory(validateDirectoryFlag('runtime_dir', options.runtimeDir ?? DEFAULTS.runtimeDir));
    this.workDir = validateDirectoryFlag('work_dir', options.workDir ?? DEFAULTS.workDir);
    this.cgroupsRoot = validateCgroupsRoot(options.cgroupsRoot ?? DEFAULTS.cgroupsRoot);
    this.hierarchyChoice = options.cgroupsHierarchy ?? DEFAULTS.cgroupsHierarchy;
    this.logger = options.logger ?? createLogger('warn');
    this.residentLauncher = options.residentLauncher ?? true;
    const modules = options.modules;
    // A name that is a module of another kind gets the registry's kind-mismatch error.
    this.moduleIsolators = (name) => (modules?.contains(name) ? modules.get(name, 'Isolator') : undefined);
    this.hooks = modules?.ofKind('Hook') ?? [];
    this.settings = {
      cgroupsRoot: this.cgroupsRoot,
      cgroupsHierarchy: this.hierarchyChoice,
      cgroupsEnableCfs: options.cgroupsEnableCfs ?? false,
      ...(options.defaultVolumes && { defaultVolumes: options.defaultVolumes }),
    };
    this.isolation = parseIsolationList(options.isolation ?? DEFAULTS.isolation);
    Object.assign(this.settings, capabilitySettings(options, this.isolation));
    this.isolators = resolveIsolators(this.isolation, this.moduleIsolators, this.settings);
  }

  hierarchy(): SelectedHierarchy {
    return (this.selected ??= selectHierarchy(this.hierarchyChoice, this.cgroupMounts()));
  }

  /** The cgroup hierarchies mounted, read once per context (they are mounted at boot). */
  cgroupMounts(): CgroupMount[] {
    return (this.mounts ??= this.host.cgroups.mounts());
  }

  cgroupFor(containerId: string): CgroupRef {
    const { version, mountPoint } = this.hierarchy();
    return { version, mountPoint, path: join(mountPoint, this.cgroupsRoot, containerId) };
  }

  /** The isolators a container was launched with, as far as they are known now. */
  isolatorsNamed(names: readonly string[]): Isolator[] {
    return this.resolveRecorded(names).found;
  }

  /** The isolators a container was launched with, and the names no module loaded here provides. */
  resolveRecorded(names: readonly string[]): { found: Isolator[]; missing: string[] } {
    const found: Isolator[] = [];
    const missing: string[] = [];
    for (const name of names) {
      try {
        found.push(...resolveIsolators([name], this.moduleIsolators, this.settings));
      } catch {
        missing.push(name);
      }
    }
    return { found, missing };
  }
}
