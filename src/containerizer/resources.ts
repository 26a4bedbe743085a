// --cpus and --mem: what the kernel would take, and the isolator that applies
// each. Past the kernel's bounds a value would be clamped silently
// (cpu.shares to 262144, a memory limit to "unlimited"); without its
// isolator it would be recorded but applied by nothing.
import { InvalidInputError } from '../errors.js';
import type { Resources } from '../isolators/isolator.js';
import { MAX_CPUS, MAX_CPU_SHARES, MAX_MEMORY_MB } from '../isolators/cgroups/limits.js';

/** The built-in isolator that applies each resource. */
export const RESOURCE_ISOLATORS: Record<keyof Resources, string> = { cpus: 'cgroups/cpu', mem: 'cgroups/mem' };

const BOUNDS: Record<keyof Resources, { max: number; why: string }> = {
  cpus: { max: MAX_CPUS, why: `${MAX_CPUS} CPUs (the kernel's largest cpu.shares, ${MAX_CPU_SHARES})` },
  mem: { max: MAX_MEMORY_MB, why: `${MAX_MEMORY_MB} MB (the kernel's largest memory limit, 8 EiB)` },
};

export function validateResources(resources: Resources): Resources {
  for (const name of Object.keys(RESOURCE_ISOLATORS) as Array<keyof Resources>) {
    const value = resources[name];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value <= 0) throw new InvalidInputError('INVALID_RESOURCES', `invalid --${name}=${value}: it must be a positive number`);
    if (value > BOUNDS[name].max) throw new InvalidInputError('INVALID_RESOURCES', `invalid --${name}=${value}: at most ${BOUNDS[name].why}`);
  }
  return resources;
}

/** A resource given on the command line must have its isolator in the isolation list. */
export function requireResourceIsolators(resources: Resources, isolation: readonly string[]): void {
  for (const name of Object.keys(RESOURCE_ISOLATORS) as Array<keyof Resources>) {
    const isolator = RESOURCE_ISOLATORS[name];
    if (resources[name] === undefined || isolation.includes(isolator)) continue;
    throw new InvalidInputError(
      'RESOURCE_NOT_ISOLATED',
      `--${name}=${resources[name]} needs the ${isolator} isolator to apply it, and --isolation is '${isolation.join(',')}': add ${isolator} (or cgroups) to it`,
    );
  }
}
