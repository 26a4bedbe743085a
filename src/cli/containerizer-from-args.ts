import { Containerizer } from '../containerizer/containerizer.js';
import { containerizerOptionsFrom } from '../flags/containerizer-options.js';
import type { ParsedArgs } from '../flags/flag-spec.js';

export { modulesFrom } from '../flags/containerizer-options.js';

/** The Containerizer the flags describe; flags a command lacks keep their defaults. */
export async function containerizerFrom(args: ParsedArgs): Promise<Containerizer> {
  // Short-lived: stubs are spawned by this process (see ContainerizerOptions.residentLauncher).
  return new Containerizer({ ...(await containerizerOptionsFrom(args)), residentLauncher: false });
}
