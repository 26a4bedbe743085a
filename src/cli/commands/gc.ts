import { parseDuration } from '../../containerizer/duration.js';
import { containerizerFrom } from '../containerizer-from-args.js';
import { printJson, warn } from '../output.js';
import type { ParsedArgs } from '../spec.js';
import { writeAll } from '../write-all.js';

export async function run(args: ParsedArgs): Promise<number> {
  const olderThanMs = parseDuration(args.older_than as string, 'older_than');
  const result = await (await containerizerFrom(args)).gc({
    olderThanMs,
    ...(typeof args.container_id === 'string' && { containerId: args.container_id }),
  });
  printJson(result);
  for (const { container_id, error } of result.errors) warn(`gc of container '${container_id}' failed: ${error}`);
  if (result.errors.length > 0) return 1;
  const [kept] = result.kept;
  if (typeof args.container_id === 'string' && kept) {
    writeAll(2, `mesos-containerizer: container '${kept.container_id}' was kept (${kept.reason}): gc removes only containers that ended\n`);
    return 1;
  }
  return 0;
}
