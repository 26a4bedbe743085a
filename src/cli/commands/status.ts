import { containerizerFrom } from '../containerizer-from-args.js';
import { printJson } from '../output.js';
import type { ParsedArgs } from '../spec.js';

export async function run(args: ParsedArgs): Promise<number> {
  printJson((await containerizerFrom(args)).status(args.container_id as string));
  return 0;
}
