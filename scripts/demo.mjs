#!/usr/bin/env node
// `npm run demo`: one container, launched through the CLI as an agent would,
// showing that it has its own pid namespace; then destroyed and cleaned up.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (process.getuid() !== 0) {
  console.error('The demo creates namespaces and cgroups: run it as root (sudo npm run demo).');
  process.exit(1);
}
const bin = new URL('../bin/mesos-containerizer', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'mesos-demo-'));
const flags = [`--runtime_dir=${join(scratch, 'run')}`, `--work_dir=${join(scratch, 'work')}`, '--cgroups_root=mesos-demo'];
const run = (command, ...args) => spawnSync(bin, [command, ...flags, ...args], { stdio: 'inherit' }).status;

try {
  console.log(`host pid namespace: ${readlinkSync('/proc/self/ns/pid')}\n`);
  console.log('$ mesos-containerizer launch --container_id=demo -- sh -c "..."');
  const code = run('launch', '--container_id=demo', '--', 'sh', '-c',
    'echo "container pid namespace: $(readlink /proc/self/ns/pid)"; echo "my pid: $$"; echo; ps -ef 2>/dev/null || ls /proc | grep -E "^[0-9]+$"; exit 7');
  console.log(`\nlaunch exited with the task's status: ${code}\n`);
  console.log('$ mesos-containerizer list');
  run('list');
  console.log('\n$ mesos-containerizer destroy --container_id=demo');
  run('destroy', '--container_id=demo');
} finally {
  rmSync(scratch, { recursive: true, force: true });
  spawnSync('rmdir', ['/sys/fs/cgroup/unified/mesos-demo', '/sys/fs/cgroup/freezer/mesos-demo', '/sys/fs/cgroup/mesos-demo'], { stdio: 'ignore' });
}
