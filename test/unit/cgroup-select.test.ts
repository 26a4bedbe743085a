import test from 'ava';

import { parseCgroupMounts } from '../../src/cgroups/mounts.js';
import { isWithin } from '../../src/cgroups/membership.js';
import { kernelHasCgroupKill, selectHierarchy } from '../../src/cgroups/select.js';

const hybrid = [
  '31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
  '32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu',
  '37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer',
  '40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd',
  '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
].join('\n');
const unified = '30 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate';
const v1only = '37 31 0:34 / /sys/fs/cgroup/free\\040zer rw,relatime - cgroup cgroup rw,freezer';

test('reads v1 controllers and the v2 mount from mountinfo', (t) => {
  t.deepEqual(parseCgroupMounts(hybrid), [
    { version: 1, mountPoint: '/sys/fs/cgroup/cpu', controllers: ['cpu'] },
    { version: 1, mountPoint: '/sys/fs/cgroup/freezer', controllers: ['freezer'] },
    { version: 1, mountPoint: '/sys/fs/cgroup/systemd', controllers: [] },
    { version: 2, mountPoint: '/sys/fs/cgroup/unified', controllers: [] },
  ]);
  t.is(parseCgroupMounts(v1only)[0]!.mountPoint, '/sys/fs/cgroup/free zer', 'octal escapes are decoded');
});

test('auto prefers v2 when it is the root or has cgroup.kill, else the v1 freezer', (t) => {
  t.deepEqual(selectHierarchy('auto', parseCgroupMounts(hybrid), true), { version: 2, mountPoint: '/sys/fs/cgroup/unified' });
  t.deepEqual(selectHierarchy('auto', parseCgroupMounts(hybrid), false), { version: 1, mountPoint: '/sys/fs/cgroup/freezer' });
  t.deepEqual(selectHierarchy('auto', parseCgroupMounts(unified), false), { version: 2, mountPoint: '/sys/fs/cgroup' });
  t.deepEqual(selectHierarchy('v1', parseCgroupMounts(hybrid), true), { version: 1, mountPoint: '/sys/fs/cgroup/freezer' });
});

test('an explicit choice the machine lacks is a clear error', (t) => {
  t.throws(() => selectHierarchy('v1', parseCgroupMounts(unified)), { message: /--cgroups_hierarchy=v1: no cgroup v1 hierarchy with the freezer/ });
  t.throws(() => selectHierarchy('v2', parseCgroupMounts(v1only)), { message: /--cgroups_hierarchy=v2: no cgroup2/ });
  t.throws(() => selectHierarchy('auto', []), { message: /no cgroup hierarchy is mounted/ });
});

test('cgroup.kill arrived in Linux 5.14', (t) => {
  t.false(kernelHasCgroupKill('5.10.0-21-amd64'));
  t.true(kernelHasCgroupKill('5.14.0'));
  t.true(kernelHasCgroupKill('6.18.44-fc-v669'));
});

test('cgroup membership compares path components', (t) => {
  t.true(isWithin('/mesos/a', '/mesos/a'));
  t.true(isWithin('/mesos/a/sub', '/mesos/a'));
  t.false(isWithin('/mesos/ab', '/mesos/a'));
});
