import { containerizerFrom } from '../containerizer-from-args.js';
import type { ParsedArgs } from '../spec.js';
import { UsageError } from '../usage-error.js';

export async function run(args: ParsedArgs): Promise<number> {
  const output = typeof args.output === 'string' ? args.output : undefined;
  if (!output && process.stdout.isTTY) throw new UsageError('archive writes a .tar.gz: give --output=FILE, or redirect stdout');
  await (await containerizerFrom(args)).archive(args.container_id as string, output ?? process.stdout);
  return 0;
}
