import test from 'ava';

import { locateController } from '../../src/cgroups/controllers.js';
import { parseCgroupMounts } from '../../src/cgroups/mounts.js';
import { cfsQuotaUs, cpuShares, cpuWeight, memoryBytes } from '../../src/isolators/cgroups/limits.js';

test('cpus become shares, weights and quotas as Mesos and runc compute them', (t) => {
  t.is(cpuShares(1), 1024);
  t.is(cpuShares(0.5), 512);
  t.is(cpuShares(0.0001), 2, 'never below the kernel minimum');
  t.is(cpuWeight(2), 1);
  t.is(cpuWeight(1024), 39);
  t.is(cpuWeight(262144), 10000);
  t.is(cfsQuotaUs(1.5), 150000);
  t.is(cfsQuotaUs(0.001), 1000);
  t.is(memoryBytes(64), 64 * 1024 * 1024);
  t.is(memoryBytes(1), 32 * 1024 * 1024, 'never below 32 MB');
});

const hybrid = parseCgroupMounts([
  '32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu',
  '35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory',
  '41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw',
].join('\n'));
const pure = parseCgroupMounts('30 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw');

test('a controller is taken from v2 where v2 has it, else from v1; a missing one is a clear error', (t) => {
  const none = (): string[] => ['hugetlb'];
  const both = (): string[] => ['cpu', 'memory'];
  t.is(locateController('memory', 'auto', hybrid, none).mountPoint, '/sys/fs/cgroup/memory');
  t.is(locateController('memory', 'auto', hybrid, both).mountPoint, '/sys/fs/cgroup/unified');
  t.is(locateController('cpu', 'v1', hybrid, both).mountPoint, '/sys/fs/cgroup/cpu');
  t.throws(() => locateController('memory', 'v2', hybrid, none), {
    message: 'the memory controller is not available: the cgroup v2 hierarchy at /sys/fs/cgroup/unified has no memory controller (it has: hugetlb) (--cgroups_hierarchy=v2)',
  });
  t.throws(() => locateController('cpu', 'v1', pure, both), { message: /no cgroup v1 hierarchy has the cpu controller \(--cgroups_hierarchy=v1\)/ });
  t.throws(() => locateController('cpu', 'auto', pure, () => []), { message: /has no cpu controller \(it has: none\), and no cgroup v1 hierarchy has the cpu controller/ });
});
