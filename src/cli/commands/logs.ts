import { containerizerFrom } from '../containerizer-from-args.js';
import type { ParsedArgs } from '../spec.js';
import { UsageError } from '../usage-error.js';

export async function run(args: ParsedArgs): Promise<number> {
  const tail = args.tail as number | undefined;
  if (tail !== undefined && (!Number.isInteger(tail) || tail < 0)) throw new UsageError(`--tail needs a whole number of lines, got ${tail}`);
  const containerizer = await containerizerFrom(args);
  await containerizer.logs(
    args.container_id as string,
    { stream: args.stream as 'stdout' | 'stderr', follow: args.follow as boolean, ...(tail !== undefined && { tail }) },
    process.stdout,
  );
  return 0;
}
