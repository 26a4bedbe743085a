// mesos-execute: parse the flags, run one task. Exit codes: 0 the task
// finished, 1 it did not (or the master could not be used), 2 bad command line.
import { userInfo } from 'node:os';

import { exitCodeFor } from '../cli/exit-codes.js';
import { UsageError } from '../cli/usage-error.js';
import { writeAll } from '../cli/write-all.js';
import { messageOf } from '../errors.js';
import type { ProgramSpec } from '../flags/parse-flags.js';
import { parseFlags } from '../flags/parse-flags.js';
import { isEmptyResource } from '../mesos/resources/arithmetic.js';
import { parseResources } from '../mesos/resources/text.js';
import { execute } from './execute.js';
import { DEFAULT_RESOURCES, EXECUTE_FLAGS } from './flags.js';

/** The command line: its help, its flags. */
export const EXECUTE_PROGRAM: ProgramSpec = {
  name: 'mesos-execute',
  usage: 'Runs one command as a task through a Mesos master, printing each status update; exits 0 if it finished.',
  flags: EXECUTE_FLAGS,
  examples: [["mesos-execute --master=127.0.0.1:5050 --name=hello --command='echo hello'", 'run one task']],
};

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = await parseFlags(EXECUTE_PROGRAM, argv);
    if (!args) return 0;
    let resources;
    try {
      resources = parseResources(String(args.resources ?? DEFAULT_RESOURCES));
    } catch (error) {
      throw new UsageError(`--resources: ${messageOf(error)}`);
    }
    if (resources.length === 0 || resources.every(isEmptyResource)) throw new UsageError('--resources must name something the task uses, e.g. cpus:0.1;mem:32');
    return await execute(
      {
        master: String(args.master),
        name: String(args.name),
        command: String(args.command),
        resources,
        checkpoint: args.checkpoint === true,
        user: typeof args.user === 'string' && args.user ? args.user : userInfo().username,
      },
      { line: (text) => writeAll(1, `${text}\n`) },
    );
  } catch (error) {
    process.stderr.write(`mesos-execute: ${messageOf(error)}\n`);
    return exitCodeFor(error, undefined);
  }
}
