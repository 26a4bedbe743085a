import { containerizerFrom } from '../containerizer-from-args.js';
import { printJson, warn } from '../output.js';
import type { ParsedArgs } from '../spec.js';

export async function run(args: ParsedArgs): Promise<number> {
  const termination = await (await containerizerFrom(args)).wait(args.container_id as string);
  printJson(termination, false);
  if (termination.cleanup_error) warn(`container '${termination.container_id}' ended, but cleaning up after it failed: ${termination.cleanup_error}`);
  return 0;
}
