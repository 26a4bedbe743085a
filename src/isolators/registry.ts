// --isolation: names to isolators, built-ins first, then modules.
import { InvalidInputError } from '../errors.js';
import type { Volume } from '../mesos/container-info.js';
import { createCpuIsolator } from './cgroups/cpu.js';
import { createMemIsolator } from './cgroups/mem.js';
import type { CgroupSettings } from './cgroups/resource-cgroup.js';
import { createSharedFilesystemIsolator } from './filesystem-shared/isolator.js';
import type { Isolator } from './isolator.js';
import type { CapabilitySettings } from './linux-capabilities/isolator.js';
import { createCapabilitiesIsolator } from './linux-capabilities/isolator.js';
import { createPidNamespaceIsolator } from './namespaces-pid.js';

/** Settings the built-in isolators take from the containerizer's options. */
export interface IsolatorSettings extends CgroupSettings, CapabilitySettings {
  /** filesystem/shared: volumes for containers launched without a ContainerInfo. */
  defaultVolumes?: Volume[];
}

/** posix/cpu and posix/mem isolate nothing; they exist so Mesos-style lists parse. */
const noop = (name: string) => (): Isolator => ({ name });

const BUILT_INS: Record<string, (settings: IsolatorSettings) => Isolator> = {
  'namespaces/pid': createPidNamespaceIsolator,
  'filesystem/shared': (settings) => createSharedFilesystemIsolator(settings.defaultVolumes),
  'cgroups/cpu': createCpuIsolator,
  'cgroups/mem': createMemIsolator,
  'linux/capabilities': createCapabilitiesIsolator,
  'posix/cpu': noop('posix/cpu'),
  'posix/mem': noop('posix/mem'),
};

const ALIASES: Record<string, string[]> = {
  cgroups: ['cgroups/cpu', 'cgroups/mem'],
  posix: ['posix/cpu', 'posix/mem'],
  process: ['posix/cpu', 'posix/mem'],
};

export const BUILT_IN_ISOLATORS = Object.keys(BUILT_INS);

export type IsolatorLookup = (name: string) => Isolator | undefined;

export function parseIsolationList(isolation: string | readonly string[]): string[] {
  const raw = typeof isolation === 'string' ? isolation.split(',') : [...isolation];
  const names = raw.map((n) => n.trim()).filter(Boolean).flatMap((n) => ALIASES[n] ?? [n]);
  if (names.length === 0) throw new InvalidInputError('INVALID_ISOLATION', "--isolation is empty: name the isolators, or give 'posix' for none");
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new InvalidInputError('INVALID_ISOLATION', `isolator '${name}' is listed twice in --isolation`);
    seen.add(name);
  }
  return names;
}

const DEFAULT_SETTINGS: IsolatorSettings = { cgroupsRoot: 'mesos', cgroupsHierarchy: 'auto', cgroupsEnableCfs: false };

export function resolveIsolators(
  names: readonly string[],
  fromModules: IsolatorLookup = () => undefined,
  settings: IsolatorSettings = DEFAULT_SETTINGS,
): Isolator[] {
  return names.map((name) => {
    const builtIn = BUILT_INS[name];
    const isolator = builtIn ? builtIn(settings) : fromModules(name);
    if (!isolator) {
      throw new InvalidInputError(
        'UNKNOWN_ISOLATOR',
        `unknown or unsupported isolator '${name}' in --isolation (built in: ${BUILT_IN_ISOLATORS.join(', ')}; modules can add more)`,
      );
    }
    return isolator;
  });
}
