// Start-up of the commands people type: help, version, and the containerizer's
// read-only commands, each program's help as printed from the build's cache
// and as yargs renders it live, next to `node -e 0` and the peers' `list`.
import { join } from 'node:path';

import { Containerizer } from '../dist/src/index.js';
import type { BenchContext } from './context.js';
import { attempt, withDeadline } from './deadline.js';
import type { Row } from './report.js';
import { printRows } from './report.js';
import { spawnTimer, timeRuns } from './stats.js';

const BIN_DIR = new URL('../bin/', import.meta.url).pathname;

export async function benchCommands(ctx: BenchContext): Promise<void> {
  const { runs, warmup, peers } = ctx;
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const live = { ...env, MESOS_CACHED_HELP: 'off' };
  const rows: Row[] = [];
  const add = async (name: string, argv: string[], note = '', rowEnv = env, status = 0): Promise<void> => {
    rows.push(await attempt(name, async () => ({ name, summary: await timeRuns(runs, warmup, spawnTimer(argv, rowEnv, status)), note })));
  };
  const program = (name: string, ...args: string[]): string[] => [join(BIN_DIR, name), ...args];

  // One container that has ended and one that runs, for status, wait and ps.
  const containerizer = new Containerizer({ runtimeDir: ctx.runtimeDir, workDir: ctx.workDir, cgroupsRoot: ctx.cgroupsRoot });
  const ended = await containerizer.launch({ containerId: 'cmd-ended', command: { value: '/bin/true', shell: false } });
  await withDeadline('cmd-ended to exit', ended.exited);
  const running = await containerizer.launch({ containerId: 'cmd-running', command: { value: 'sleep 600', shell: true } });
  try {
    await add('node -e 0', ['node', '-e', '0'], 'NODE_EXTRA_CA_CERTS unset in every row');
    await add('mesos-containerizer --version', program('mesos-containerizer', '--version'), 'from the build (dist/help.json)');
    await add('mesos-containerizer --help', program('mesos-containerizer', '--help'), 'from the build');
    await add('mesos-containerizer --help, live', program('mesos-containerizer', '--help'), 'rendered by yargs (MESOS_CACHED_HELP=off)', live);
    await add('mesos-containerizer launch --help', program('mesos-containerizer', 'launch', '--help'), 'from the build');
    await add('mesos-containerizer launch --help, live', program('mesos-containerizer', 'launch', '--help'), 'rendered by yargs', live);
    await add('mesos-containerizer status', program('mesos-containerizer', 'status', ...ctx.flags, '--container_id=cmd-ended'), 'of an ended container');
    await add('mesos-containerizer wait', program('mesos-containerizer', 'wait', ...ctx.flags, '--container_id=cmd-ended'), 'of an ended container');
    await add('mesos-containerizer list', program('mesos-containerizer', 'list', ...ctx.flags), 'a table');
    await add('mesos-containerizer ps', program('mesos-containerizer', 'ps', ...ctx.flags, '--container_id=cmd-running'), 'of a running sh -c sleep');
    for (const daemon of ['mesos-agent', 'mesos-master', 'mesos-execute']) {
      await add(`${daemon} --help`, program(daemon, '--help'), 'from the build');
      await add(`${daemon} --help, live`, program(daemon, '--help'), 'rendered by yargs, after loading the program', live);
    }
    await add('mesos-execute to a closed port', program('mesos-execute', '--master=127.0.0.1:1', '--name=bench', '--command=true'), 'its whole start-up, to the refused connection (exit 1)', env, 1);
    if (peers.runc) await add('runc list', peers.inNamespace(['runc', '--root', join(peers.stateDir, 'runc'), 'list']), 'through nsenter');
    if (peers.crun) await add('crun list', peers.inNamespace(['crun', '--root', join(peers.stateDir, 'crun'), 'list']), 'through nsenter');
    if (peers.runc || peers.crun) await add('nsenter true', peers.inNamespace(['true']), 'the wrapper runc and crun run through');
  } finally {
    await withDeadline('destroy of cmd-running', containerizer.destroy(running.containerId)).catch((error: Error) => console.error(`# bench: ${error.message}`));
  }
  printRows('Start-up of the commands people type (launch-to-exit of the program)', rows, ['node -e 0']);
}
