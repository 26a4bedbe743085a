import { containerizerFrom } from '../containerizer-from-args.js';
import { printJson } from '../output.js';
import type { ParsedArgs } from '../spec.js';

export async function run(args: ParsedArgs): Promise<number> {
  const report = await containerizerFrom(args).recover({ cleanup: args.cleanup as boolean, timeoutSeconds: args.timeout as number });
  printJson(report);
  return report.errors.length > 0 ? 1 : 0;
}
