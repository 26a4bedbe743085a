// A task cannot leave its cgroup: a root task writing itself into the
// cgroup.procs of any hierarchy's root fails, on v1 and v2, with and without
// a pid namespace, even with --isolation=posix. Without CAP_SYS_ADMIN it
// cannot undo the read-only view either.
import anyTest from 'ava';
import type { TestFn } from 'ava';

import { readCgroupMounts } from '../../src/cgroups/mounts.js';
import type { HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

const mounts = readCgroupMounts();
const hierarchies = (['v1', 'v2'] as const).filter((v) => (v === 'v1' ? mounts.some((m) => m.controllers.includes('freezer')) : mounts.some((m) => m.version === 2)));

// Every cgroup mount the task sees, and a write of itself into its root.
const ESCAPE = `
before=$(cat /proc/self/cgroup)
for m in $(awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i+1) == "cgroup" || $(i+1) == "cgroup2") print $5; break } }' /proc/self/mountinfo); do
  echo $$ > "$m/cgroup.procs" && echo "escaped into $m"
done
[ "$(cat /proc/self/cgroup)" = "$before" ] || echo "moved"
echo tried
`;

const WITHOUT_ADMIN_AND_PTRACE = 'CHOWN,DAC_OVERRIDE,FOWNER,KILL,SETUID,SETGID';

// Undoing the read-only view: a remount, an unmount, a cgroup mount of its own.
const UNDO_VIEW = `
mount -o remount,rw /sys/fs/cgroup 2>/dev/null && echo remounted
umount -l /sys/fs/cgroup 2>/dev/null && echo unmounted
mkdir -p /tmp/cg-$$ && mount -t cgroup2 none /tmp/cg-$$ 2>/dev/null && echo mounted
`;

// Around it: the stub's outer process (the parent of the task's parent) lives
// in the host's mount namespace; without a pid namespace the task sees it.
const THROUGH_HOST_PROCESS = `
outer=$(cut -d" " -f4 /proc/$PPID/stat)
for m in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
  echo $$ > "/proc/$outer/root$m/cgroup.procs" && echo "escaped through /proc/$outer/root$m" && break
done
true
`;

const configurations = [
  { name: 'a pid namespace', isolation: 'namespaces/pid,filesystem/shared' },
  { name: 'no pid namespace', isolation: 'filesystem/shared' },
  { name: '--isolation=posix', isolation: 'posix' },
];

for (const hierarchy of hierarchies) {
  for (const { name, isolation } of configurations) {
    test(`a root task cannot write itself out of its cgroup (${hierarchy}, ${name})`, async (t) => {
      const { h } = t.context;
      const r = await h.cli(['launch', '--container_id=escape', `--isolation=${isolation}`, `--cgroups_hierarchy=${hierarchy}`, '--', 'sh', '-c', ESCAPE]);
      t.is(r.exitCode, 0, String(r.stderr));
      t.is(r.stdout, 'tried', 'no write succeeded and the task is where it started');
      t.regex(String(r.stderr), /Read-only file system/);
    });
  }

  test(`without CAP_SYS_ADMIN and CAP_SYS_PTRACE a root task has no way out (${hierarchy}, --isolation=posix)`, async (t) => {
    const { h } = t.context;
    const r = await h.cli([
      'launch', '--container_id=stuck', '--isolation=posix,linux/capabilities', `--cgroups_hierarchy=${hierarchy}`,
      `--bounding_capabilities=${WITHOUT_ADMIN_AND_PTRACE}`, '--', 'sh', '-c', `${UNDO_VIEW}\n${THROUGH_HOST_PROCESS}\n${ESCAPE}`,
    ]);
    t.is(r.exitCode, 0, String(r.stderr));
    t.is(r.stdout, 'tried', 'no remount, unmount, new mount, way through /proc/<pid>/root or write succeeded');
    t.regex(String(r.stderr), /Read-only file system/);
    t.regex(String(r.stderr), /Permission denied/);
  });
}

// What the README warns about: without a pid namespace the host's processes
// are in sight, and their /proc/<pid>/root is the host's mount namespace.
(hierarchies.includes('v1') ? test : test.skip)('without a pid namespace CAP_SYS_PTRACE reaches the host cgroups through /proc/<pid>/root; with one it does not', async (t) => {
  const { h } = t.context;
  const flags = ['--cgroups_hierarchy=v1', `--bounding_capabilities=${WITHOUT_ADMIN_AND_PTRACE},SYS_PTRACE`];
  const hostPids = await h.cli(['launch', '--container_id=hostpids', '--isolation=posix,linux/capabilities', ...flags, '--', 'sh', '-c', THROUGH_HOST_PROCESS]);
  t.regex(hostPids.stdout, /^escaped through \/proc\/\d+\/root/m, String(hostPids.stderr));
  const ownPids = await h.cli(['launch', '--container_id=ownpids', '--isolation=namespaces/pid,linux/capabilities', ...flags, '--', 'sh', '-c', THROUGH_HOST_PROCESS]);
  t.is(ownPids.stdout, '', String(ownPids.stderr));
});

// What the README warns about: with every capability, the view can be undone.
(hierarchies.includes('v1') ? test : test.skip)('a root task with every capability can unmount the read-only view and leave its cgroup', async (t) => {
  const { h } = t.context;
  const r = await h.cli(['launch', '--container_id=allcaps', '--isolation=posix', '--cgroups_hierarchy=v1', '--', 'sh', '-c', `umount -l /sys/fs/cgroup && ${ESCAPE}`]);
  t.is(r.exitCode, 0, String(r.stderr));
  t.regex(r.stdout, /^escaped into \/sys\/fs\/cgroup\/freezer$/m);
});

test('a task run as a --user cannot leave its cgroup or mount, even without a pid namespace', async (t) => {
  const { h } = t.context;
  const r = await h.cli(['launch', '--container_id=user', '--isolation=posix', '--user=nobody', '--', 'sh', '-c', `mount -t tmpfs none /mnt 2>/dev/null && echo mounted\n${ESCAPE}`]);
  t.is(r.exitCode, 0, String(r.stderr));
  t.is(r.stdout, 'tried');
});
