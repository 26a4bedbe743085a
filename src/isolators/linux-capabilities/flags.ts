// --effective_capabilities and --bounding_capabilities: a comma list of names
// (CHOWN,NET_BIND_SERVICE; CAP_ and lower case accepted), or Mesos's JSON
// form {"capabilities":["CHOWN"]}. Empty means none at all.
import { InvalidInputError } from '../../errors.js';
import { canonicalCapability, sortCapabilities } from '../../mesos/capabilities.js';

function listed(flag: string, value: string): string[] {
  if (!value.trim().startsWith('{')) return value.split(',').map((n) => n.trim()).filter(Boolean);
  try {
    const parsed = JSON.parse(value) as { capabilities?: unknown };
    if (Array.isArray(parsed.capabilities) && parsed.capabilities.every((n) => typeof n === 'string')) return parsed.capabilities as string[];
  } catch {
    // reported below
  }
  throw new InvalidInputError('INVALID_CAPABILITIES', `invalid --${flag}: expected NAME,NAME... or {"capabilities":["NAME",...]}`);
}

export function parseCapabilityFlag(flag: string, value: string): string[] {
  return sortCapabilities(
    listed(flag, value).map((written) => {
      const name = canonicalCapability(written);
      if (!name) {
        throw new InvalidInputError('INVALID_CAPABILITIES', `unknown capability '${written}' in --${flag} (names as in capabilities(7), e.g. CHOWN, NET_BIND_SERVICE)`);
      }
      return name;
    }),
  );
}
