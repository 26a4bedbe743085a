// npm run bench [-- --runs=N --only=launch,commands,heap,destroy,memory,agent,master,oci,webui]
// Speed and memory, side by side with the peers installed here, as ratios
// taken in one run (this VM drifts 20-30 % between runs).
import { existsSync, mkdtempSync, rmSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { Containerizer } from '../dist/src/index.js';
import type { BenchContext } from './context.js';
import { withDeadline } from './deadline.js';
import { benchLaunch } from './launch.js';
import { setUpPeers } from './peers.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '100' }, only: { type: 'string', default: 'launch,commands,heap,destroy,memory,agent,master,oci,webui' } } });
if (process.getuid?.() !== 0) {
  console.error('npm run bench needs root: containers need namespaces and cgroups.');
  process.exit(1);
}

// Run and work dirs on tmpfs where there is one: /run is a tmpfs on most
// systems, but this VM's is on ext4, where each mkdir costs ~0.3 ms. A row
// of the launch table measures the sandbox on disk as well.
const root = mkdtempSync(existsSync('/dev/shm') ? '/dev/shm/mct-bench-' : '/tmp/mct-bench-');
const diskRoot = mkdtempSync('/tmp/mct-bench-disk-');
const runs = Number(values.runs);
const ctx: BenchContext = {
  root,
  runtimeDir: join(root, 'run'),
  workDir: join(root, 'work'),
  diskWorkDir: join(diskRoot, 'work'),
  diskRuntimeDir: join(diskRoot, 'run'),
  cgroupsRoot: 'mesos-bench',
  flags: [`--runtime_dir=${join(root, 'run')}`, `--work_dir=${join(root, 'work')}`, '--cgroups_root=mesos-bench'],
  bin: new URL('../bin/mesos-containerizer', import.meta.url).pathname,
  runs,
  warmup: Math.max(3, Math.round(runs / 10)),
  peers: setUpPeers(root),
};

let tornDown = false;
function teardown(): void {
  if (tornDown) return;
  tornDown = true;
  ctx.peers.teardown();
  rmSync(root, { recursive: true, force: true });
  rmSync(diskRoot, { recursive: true, force: true });
  for (const hierarchy of ['/sys/fs/cgroup/unified', '/sys/fs/cgroup/freezer', '/sys/fs/cgroup']) {
    try {
      rmdirSync(join(hierarchy, ctx.cgroupsRoot));
    } catch {
      // not there
    }
  }
}
// An interrupted bench must not leave its mounts behind.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    teardown();
    process.exit(130);
  });
}

const only = new Set(values.only!.split(','));
console.log(`# mesos-containerizer bench: ${new Date().toISOString()}, ${runs} runs per row, node ${process.version}`);
console.log(`# run and work dirs under ${root}; the on-disk sandbox row under ${diskRoot}`);
console.log(`# peers: ${['unshare', 'bwrap', 'crun', 'runc'].filter((p) => ctx.peers[p as 'bwrap']).join(', ') || 'none'}`);
try {
  if (only.has('launch')) await benchLaunch(ctx);
  if (only.has('commands')) await (await import('./commands.js')).benchCommands(ctx);
  if (only.has('heap')) await (await import('./launch-heap.js')).benchLaunchHeap(ctx);
  if (only.has('destroy')) await (await import('./destroy.js')).benchDestroy(ctx);
  if (only.has('memory')) await (await import('./memory.js')).benchMemory(ctx);
  if (only.has('agent')) await (await import('./agent.js')).benchAgent(ctx);
  if (only.has('master')) await (await import('./master.js')).benchMaster(ctx);
  if (only.has('oci')) await (await import('./oci.js')).benchOci(ctx);
  if (only.has('webui')) await (await import('./webui.js')).benchWebui(ctx);
} finally {
  await destroyLeftovers();
  teardown();
}

/** A row that failed half-way may have left containers running: they go before the scratch dirs. */
async function destroyLeftovers(): Promise<void> {
  const containerizer = new Containerizer({ runtimeDir: ctx.runtimeDir, workDir: ctx.workDir, cgroupsRoot: ctx.cgroupsRoot });
  for (const { container_id: id, state } of containerizer.containers()) {
    if (state === 'exited') continue;
    await withDeadline(`destroy of leftover ${id}`, containerizer.destroy(id)).catch((error: Error) => console.error(`# bench: ${error.message}`));
  }
}
