import { containerizerFrom } from '../containerizer-from-args.js';
import { printJson } from '../output.js';
import type { ParsedArgs } from '../spec.js';

export async function run(args: ParsedArgs): Promise<number> {
  const termination = await (await containerizerFrom(args)).wait(args.container_id as string);
  printJson(termination, false);
  return 0;
}
