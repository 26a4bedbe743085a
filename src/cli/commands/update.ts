import { containerizerFrom } from '../containerizer-from-args.js';
import { printJson } from '../output.js';
import type { ParsedArgs } from '../spec.js';

export async function run(args: ParsedArgs): Promise<number> {
  const resources = await (await containerizerFrom(args)).update(args.container_id as string, {
    ...(args.cpus !== undefined && { cpus: args.cpus as number }),
    ...(args.mem !== undefined && { mem: args.mem as number }),
  });
  printJson({ container_id: args.container_id, resources }, false);
  return 0;
}
