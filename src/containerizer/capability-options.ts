// The containerizer's linux/capabilities options, checked once at start-up:
// names made canonical, and refused where they would silently do nothing.
import { InvalidInputError } from '../errors.js';
import type { CapabilitySettings } from '../isolators/linux-capabilities/isolator.js';
import { parseCapabilityFlag } from '../isolators/linux-capabilities/flags.js';
import type { ContainerizerOptions } from './options.js';

export function capabilitySettings(options: ContainerizerOptions, isolation: readonly string[]): CapabilitySettings {
  const settings: CapabilitySettings = {};
  const given: Array<[string, string[] | undefined, 'effectiveCapabilities' | 'boundingCapabilities']> = [
    ['effective_capabilities', options.effectiveCapabilities, 'effectiveCapabilities'],
    ['bounding_capabilities', options.boundingCapabilities, 'boundingCapabilities'],
  ];
  for (const [flag, names, key] of given) {
    if (names === undefined) continue;
    if (!isolation.includes('linux/capabilities')) {
      throw new InvalidInputError('INVALID_CAPABILITIES', `--${flag} has no effect without linux/capabilities in --isolation`);
    }
    settings[key] = parseCapabilityFlag(flag, names.join(','));
  }
  if (options.defaultLinuxInfo) settings.defaultLinuxInfo = options.defaultLinuxInfo;
  return settings;
}
