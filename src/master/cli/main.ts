// mesos-master: parse the flags, start the master, print where it listens,
// and stop cleanly on SIGTERM or SIGINT. Exit codes: 0 stopped, 1 failed,
// 2 bad command line.
import { exitCodeFor } from '../../cli/exit-codes.js';
import { messageOf } from '../../errors.js';
import type { ProgramSpec } from '../../flags/parse-flags.js';
import { parseFlags } from '../../flags/parse-flags.js';
import { Master } from '../master.js';
import { MASTER_FLAGS } from './flags.js';
import { masterOptionsFrom } from './options-from-flags.js';

/** The command line: its help, its flags. */
export const MASTER_PROGRAM: ProgramSpec = {
  name: 'mesos-master',
  usage: "Mesos's master: agents register with it, frameworks talk to it through the v1 scheduler HTTP API (POST /api/v1/scheduler).",
  flags: MASTER_FLAGS,
  examples: [['mesos-master --work_dir=/var/lib/mesos/master', 'listen on 127.0.0.1:5050']],
};

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = await parseFlags(MASTER_PROGRAM, argv);
    if (!args) return 0;
    const options = await masterOptionsFrom(args);
    const master = await Master.start({
      ...options,
      onFatal: (error) => {
        process.stderr.write(`mesos-master: ${messageOf(error)}\n`);
        process.exit(1);
      },
    });
    process.stdout.write(`mesos-master listening on ${master.address} (master id ${master.masterId}, work dir ${options.workDir})\n`);
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      for (const name of ['SIGTERM', 'SIGINT'] as const) process.once(name, () => resolve(name));
    });
    options.logger.info({ signal }, 'stopping');
    await master.stop();
    return 0;
  } catch (error) {
    process.stderr.write(`mesos-master: ${messageOf(error)}\n`);
    if (process.env.MESOS_DEBUG) console.error(error);
    return exitCodeFor(error, undefined);
  }
}
