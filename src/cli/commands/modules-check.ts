import { modulesFrom } from '../../flags/containerizer-options.js';
import type { ParsedArgs } from '../spec.js';
import { UsageError } from '../usage-error.js';
import { writeAll } from '../write-all.js';

export async function run(args: ParsedArgs): Promise<number> {
  if (typeof args.modules !== 'string') throw new UsageError('modules check needs --modules=<manifest>');
  const registry = await modulesFrom(args);
  writeAll(1, `${registry!.list().length} module(s) load\n`);
  return 0;
}
