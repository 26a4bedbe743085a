// linux.resources to cgroup writes: the same OCI values in v1's terms and in
// v2's, and what cannot be applied where.
import test from 'ava';

import type { CgroupLayout } from '../../src/oci/cgroups/layout.js';
import { blkioToIoWeight, resourceWrites, sharesToWeight, v2ControllersNeeded } from '../../src/oci/cgroups/resources.js';

const v1: CgroupLayout = {
  cgroupsPath: '/c',
  dirs: ['memory', 'cpu', 'cpuset', 'pids', 'devices', 'blkio'].map((c) => ({ version: 1 as const, mountPoint: `/cg/${c}`, controllers: [c], path: `/cg/${c}/c` })),
};
const v2: CgroupLayout = { cgroupsPath: '/c', dirs: [{ version: 2, mountPoint: '/cg', controllers: ['memory', 'cpu', 'cpuset', 'pids', 'io', 'hugetlb'], path: '/cg/c' }] };

function writes(layout: CgroupLayout, resources: Parameters<typeof resourceWrites>[1], warnings: string[] = [], swapAccounting = true) {
  return resourceWrites(layout, resources, { file: 'f', warn: (w) => warnings.push(w), hasControl: () => swapAccounting }).map((w) => `${w.dir.path}/${w.file}=${w.value}`);
}

const resources = {
  memory: { limit: 64 * 2 ** 20, swap: 128 * 2 ** 20, reservation: 32 * 2 ** 20 },
  cpu: { shares: 1024, quota: 50000, period: 100000, cpus: '0', mems: '0' },
  pids: { limit: 100 },
  blockIO: { weight: 500 },
};

test('v1: each value to its hierarchy, in v1 file names', (t) => {
  t.deepEqual(writes(v1, resources), [
    '/cg/memory/c/memory.limit_in_bytes=67108864',
    '/cg/memory/c/memory.memsw.limit_in_bytes=134217728',
    '/cg/memory/c/memory.soft_limit_in_bytes=33554432',
    '/cg/cpu/c/cpu.shares=1024',
    '/cg/cpu/c/cpu.cfs_period_us=100000',
    '/cg/cpu/c/cpu.cfs_quota_us=50000',
    '/cg/cpuset/c/cpuset.cpus=0',
    '/cg/cpuset/c/cpuset.mems=0',
    '/cg/pids/c/pids.max=100',
    '/cg/blkio/c/blkio.weight=500',
  ]);
});

test('v2: the same values in v2 terms (swap alone, weights, cpu.max), and the controllers to enable above', (t) => {
  const list = writes(v2, resources);
  t.deepEqual(list, [
    '/cg/c/memory.max=67108864',
    '/cg/c/memory.swap.max=67108864',
    '/cg/c/memory.low=33554432',
    `/cg/c/cpu.weight=${sharesToWeight(1024)}`,
    '/cg/c/cpu.max=50000 100000',
    '/cg/c/cpuset.cpus=0',
    '/cg/c/cpuset.mems=0',
    '/cg/c/pids.max=100',
    `/cg/c/io.weight=default ${blkioToIoWeight(500)}`,
  ]);
  t.deepEqual(v2ControllersNeeded(resourceWrites(v2, resources, { file: 'f', warn: () => undefined, hasControl: () => true })), ['memory', 'cpu', 'cpuset', 'pids', 'io']);
  t.deepEqual([sharesToWeight(2), sharesToWeight(1024), sharesToWeight(262144)], [1, 39, 10000]);
  t.deepEqual(writes(v2, { memory: { limit: -1, swap: -1 }, pids: { limit: 0 } }), ['/cg/c/memory.max=max', '/cg/c/memory.swap.max=max', '/cg/c/pids.max=max']);
});

test('what cannot be applied is refused by field; deprecated kernel memory only warned about', (t) => {
  t.throws(() => writes(v2, { memory: { swappiness: 10 } }), { message: 'f: linux.resources.memory.swappiness: cgroup v2 has no swappiness' });
  t.throws(() => writes(v1, { memory: { limit: 1, swap: 2 } }, [], false), { message: /this kernel has no swap accounting/ });
  t.throws(() => writes(v1, { hugepageLimits: [{ pageSize: '2MB', limit: 1 }] }), { message: 'f: linux.resources.hugepageLimits: the hugetlb cgroup controller is not available on this host' });
  t.throws(() => writes(v2, { unified: { '../escape': '1' } }), { message: /linux\.resources\.unified: cannot write '\.\.\/escape'/ });
  const warnings: string[] = [];
  t.deepEqual(writes(v1, { memory: { kernel: 1 } }, warnings), []);
  t.deepEqual(warnings, ['linux.resources.memory.kernel and kernelTCP are deprecated and not applied']);
  const v2Devices: string[] = [];
  writes(v2, { devices: [{ allow: false, access: 'rwm' }] }, v2Devices);
  t.regex(v2Devices.join(), /device rules are not applied on cgroup v2/);
});
