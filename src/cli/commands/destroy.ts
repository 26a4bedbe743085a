import { containerizerFrom } from '../containerizer-from-args.js';
import { printJson } from '../output.js';
import type { ParsedArgs } from '../spec.js';

export async function run(args: ParsedArgs): Promise<number> {
  const containerizer = await containerizerFrom(args);
  const { termination, outcome } = await containerizer.destroy(args.container_id as string, {
    timeoutSeconds: args.timeout as number,
  });
  printJson({ ...termination, outcome }, false);
  return 0;
}
