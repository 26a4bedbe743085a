import { containerizerFrom } from '../containerizer-from-args.js';
import { printJson, warn } from '../output.js';
import type { ParsedArgs } from '../spec.js';

export async function run(args: ParsedArgs): Promise<number> {
  const containerizer = await containerizerFrom(args);
  const id = args.container_id as string;
  const { termination, outcome, cleanupPending } = await containerizer.destroy(id, { timeoutSeconds: args.timeout as number });
  printJson({ ...termination, outcome, cleanup_pending: cleanupPending }, false);
  if (cleanupPending.length > 0) {
    warn(`container '${id}': the cleanup of ${cleanupPending.join(', ')} is pending (not loaded here): run recover --cleanup with --modules that load them`);
  }
  return 0;
}
