import { containerizerFrom } from '../containerizer-from-args.js';
import { printJson } from '../output.js';
import type { ParsedArgs } from '../spec.js';

export async function run(args: ParsedArgs): Promise<number> {
  const containerizer = await containerizerFrom(args);
  const report = await containerizer.recover({ cleanup: args.cleanup as boolean, timeoutSeconds: args.timeout as number });
  printJson(report);
  return report.errors.length > 0 ? 1 : 0;
}
