// The Node half of mesos-containerizer-oci: run by the C front-end
// (native-bindings/oci-runtime/node.c), never by users. Its command line:
//   --root DIR [--log FILE] --log-format json|text VERB ...
//   plan-create --id ID --bundle DIR    config.json -> state record, cgroups, plan on fd 3
//   plan-exec -- RAW EXEC ARGS          the process to exec -> plan on fd 3
//   update -- RAW UPDATE ARGS           resources -> the container's cgroups
// Errors: one line on stderr and in --log, exit 1.
import { UsageError } from '../../cli/usage-error.js';
import { messageOf } from '../../errors.js';
import { planCreate } from '../commands/plan-create.js';
import type { LogTarget } from '../log.js';
import { reportError } from '../log.js';
import { one, parseFlags } from './flags.js';

const GLOBAL = [
  { name: 'root', takesValue: true },
  { name: 'log', takesValue: true },
  { name: 'log-format', takesValue: true },
];

function run(args: readonly string[], log: LogTarget): void | Promise<void> {
  const global = parseFlags('mesos-containerizer-oci', args, GLOBAL);
  const root = one(global, 'root');
  if (!root) throw new UsageError('--root is missing');
  const [verb, ...rest] = global.positional;
  const raw = rest[0] === '--' ? rest.slice(1) : rest;
  if (verb === 'plan-create') {
    const flags = parseFlags(verb, rest, [
      { name: 'id', takesValue: true },
      { name: 'bundle', takesValue: true },
    ]);
    const id = one(flags, 'id');
    const bundle = one(flags, 'bundle');
    if (!id || !bundle) throw new UsageError('plan-create needs --id and --bundle');
    return planCreate(root, id, bundle, log);
  }
  // loaded only when asked for: create, the hot one, does not pay for them
  // (update brings the lifecycle's lock, koffi included)
  if (verb === 'plan-exec') return import('../commands/plan-exec.js').then((m) => m.planExec(root, raw, log));
  if (verb === 'update') return import('../commands/update.js').then((m) => m.update(root, raw, log));
  throw new UsageError(`unknown command '${verb ?? ''}'`);
}

export async function main(args: readonly string[]): Promise<number> {
  // --log and --log-format are read first, so that every error reaches the log
  const at = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const log: LogTarget = { json: at('--log-format') === 'json', ...(at('--log') !== undefined && { path: at('--log')! }) };
  try {
    await run(args, log);
    return 0;
  } catch (error) {
    reportError(log, messageOf(error));
    return 1;
  }
}
