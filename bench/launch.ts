// Launch-to-exit latency of /bin/true: through our CLI and library, next to
// node's own start-up and the peers, all in one run.
import { join } from 'node:path';

import { Containerizer } from '../dist/src/index.js';
import type { BenchContext } from './context.js';
import { attempt, withDeadline } from './deadline.js';
import type { Row } from './report.js';
import { printRows } from './report.js';
import { spawnTimer, timeInterleaved, timeRuns } from './stats.js';

export async function benchLaunch(ctx: BenchContext): Promise<void> {
  const { runs, warmup, peers } = ctx;
  const withoutCa = { ...process.env };
  delete withoutCa.NODE_EXTRA_CA_CERTS;
  const caSet = Boolean(process.env.NODE_EXTRA_CA_CERTS);
  const rows: Row[] = [];
  const add = async (name: string, fn: (i: number) => unknown, note?: string): Promise<void> => {
    const row = await attempt(name, async () => ({ name, summary: await timeRuns(runs, warmup, fn), ...(note && { note }) }));
    rows.push(row.summary ? row : { ...row, note: `${note ? `${note}; ` : ''}${row.note}` });
  };

  await add('/bin/true', spawnTimer(['/bin/true']), 'fork+exec floor, spawned from node');
  await add('node -e 0', spawnTimer(['node', '-e', '0']), caSet ? 'NODE_EXTRA_CA_CERTS set, as in this shell' : '');
  if (caSet) await add('node -e 0 (no CA var)', spawnTimer(['node', '-e', '0'], withoutCa), 'NODE_EXTRA_CA_CERTS unset');

  const stub = new URL('../native-bindings/build/mesos-containerizer-init', import.meta.url).pathname;
  const spawnFloor = new URL('./node-spawn-floor.cjs', import.meta.url).pathname;
  const execFloor = new URL('./node-exec-floor.cjs', import.meta.url).pathname;
  const stubArgs = ['--status-fd', '3', '--unshare-pid', '--unshare-mount', '--proc', '/proc', '--', '/bin/true'];
  await add('init stub alone', spawnTimer([stub, ...stubArgs]), 'the C stub (static) with a pid namespace and /proc, no cgroup');
  await add('init stub alone, dynamic (-nss build)', spawnTimer([`${stub}-nss`, ...stubArgs]), 'the same program linked dynamically, as --user runs it');
  const noCa = caSet ? ' (no CA var)' : '';
  await add('node spawn floor', spawnTimer(['node', spawnFloor, stub, ...stubArgs], withoutCa), `node + child_process spawning the stub, nothing else${noCa}`);
  await add('node exec floor', spawnTimer(['node', execFloor, stub, ...stubArgs], withoutCa), `node + koffi + execve of the stub, nothing else: the floor of a hand-over${noCa}`);

  let n = 0;
  const cli = (env: NodeJS.ProcessEnv, isolation: string) => () =>
    spawnTimer([ctx.bin, 'launch', ...ctx.flags, `--isolation=${isolation}`, `--container_id=cli-${n++}`, '--', '/bin/true'], env)();
  const defaults = 'namespaces/pid,filesystem/shared';
  await add('CLI launch', cli(process.env, defaults), `mesos-containerizer launch -- /bin/true (default isolation: ${defaults})`);
  if (caSet) await add('CLI launch (no CA var)', cli(withoutCa, defaults));

  const library = [
    ['library launch, pid ns', 'namespaces/pid', 'no volumes', ctx.workDir, ctx.runtimeDir],
    ['library launch, pid ns + private /tmp', defaults, 'the default: filesystem/shared with its /tmp volume', ctx.workDir, ctx.runtimeDir],
    ['library launch, default, sandbox on disk', defaults, `the same, sandboxes on ${ctx.diskWorkDir} (ext4 here)`, ctx.diskWorkDir, ctx.runtimeDir],
    ['library launch, default, all on disk', defaults, `the same, run dir on ${ctx.diskRuntimeDir} too (records fsynced there)`, ctx.diskWorkDir, ctx.diskRuntimeDir],
  ];
  for (const [label, isolation, note, workDir, runtimeDir] of library) {
    const containerizer = new Containerizer({ runtimeDir: runtimeDir!, workDir: workDir!, cgroupsRoot: ctx.cgroupsRoot, isolation: isolation! });
    await add(label!, async () => {
      const launched = await containerizer.launch({ containerId: `lib-${n++}`, command: { value: '/bin/true', shell: false } });
      await withDeadline(`container ${launched.containerId} to exit`, launched.exited);
    }, `Containerizer.launch + exited, in-process; ${note}`);
  }

  if (peers.unshare) await add('unshare', spawnTimer(['unshare', '--pid', '--fork', '--mount', '--mount-proc', '/bin/true']), 'unshare --pid --fork --mount --mount-proc');
  if (peers.bwrap) await add('bwrap', spawnTimer(['bwrap', '--bind', '/', '/', '--unshare-pid', '--proc', '/proc', '/bin/true']), 'bwrap --bind / / --unshare-pid --proc /proc');
  if (peers.crun || peers.runc) await add('nsenter true', spawnTimer(peers.inNamespace(['true'])), 'the wrapper crun/runc run through');
  if (peers.crun) {
    const bundle = peers.bundle('crun-true', ['/bin/true']);
    await add('crun run', () => spawnTimer(peers.inNamespace(['crun', '--root', join(peers.stateDir, 'crun'), 'run', '--bundle', bundle, `c-${n++}`]))(), 'through nsenter');
  }
  if (peers.runc) {
    const bundle = peers.bundle('runc-true', ['/bin/true']);
    await add('runc run', () => spawnTimer(peers.inNamespace(['runc', '--root', join(peers.stateDir, 'runc'), 'run', '--bundle', bundle, `r-${n++}`]))(), 'through nsenter');
  }
  printRows('Launch-to-exit latency of /bin/true', rows, ['unshare', 'node -e 0', ...(caSet ? ['node -e 0 (no CA var)'] : []), 'node exec floor', 'runc run']);

  // The issue's targets, each pair timed in turn (round by round), so that the load of a shared machine weighs on both alike.
  const targets: Array<[string, string, Array<(i: number) => unknown>]> = [
    ['CLI launch / node -e 0, without NODE_EXTRA_CA_CERTS', '<= 1.15x', [spawnTimer(['node', '-e', '0'], withoutCa), cli(withoutCa, defaults)]],
    ...(caSet ? [['CLI launch / node -e 0, with NODE_EXTRA_CA_CERTS', '<= 1.15x', [spawnTimer(['node', '-e', '0']), cli(process.env, defaults)]] as [string, string, Array<(i: number) => unknown>]] : []),
    ['CLI launch / node exec floor (what the CLI adds to a hand-over)', '-', [spawnTimer(['node', execFloor, stub, ...stubArgs], withoutCa), cli(withoutCa, defaults)]],
    ...(peers.unshare ? [['init stub alone / unshare', '<= 1x', [spawnTimer(['unshare', '--pid', '--fork', '--mount', '--mount-proc', '/bin/true']), spawnTimer([stub, ...stubArgs])]] as [string, string, Array<(i: number) => unknown>]] : []),
  ];
  if (peers.runc) {
    const bundle = peers.bundle('runc-target', ['/bin/true']);
    targets.push(['CLI launch / runc run', 'level', [() => spawnTimer(peers.inNamespace(['runc', '--root', join(peers.stateDir, 'runc'), 'run', '--bundle', bundle, `rt-${n++}`]))(), cli(withoutCa, defaults)]]);
  }
  console.log('\n## Targets (issue 16), each pair timed in turn\n');
  console.log('| ratio | median of the per-round ratios | medians | target |');
  console.log('|---|---|---|---|');
  for (const [what, target, fns] of targets) {
    const result = await attempt(what, async () => {
      const { summaries, ratios } = await timeInterleaved(runs, warmup, fns);
      return { name: what, summary: summaries[1], note: `${ratios[1]!.toFixed(2)}x | ${summaries[1]!.median.toFixed(2)} / ${summaries[0]!.median.toFixed(2)} ms` };
    });
    console.log(`| ${what} | ${result.summary ? result.note : `${result.note} | -`} | ${target} |`);
  }
}

