// The memory limitation's message, from a memory cgroup's files (here a
// directory holding the same files). The init stub composes the same text
// in C; test/integration/oom-watch.test.ts holds the two equal.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import test from 'ava';

import type { CgroupRef } from '../../src/cgroups/cgroup.js';
import { memoryLimitation, oomKills } from '../../src/isolators/cgroups/mem.js';

function cgroupWith(version: 1 | 2, files: Record<string, string>): CgroupRef {
  const path = mkdtempSync(join(tmpdir(), 'mct-memcg-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(path, name), text);
  return { version, mountPoint: tmpdir(), path };
}

const made: CgroupRef[] = [];
const cgroup = (version: 1 | 2, files: Record<string, string>): CgroupRef => {
  const ref = cgroupWith(version, files);
  made.push(ref);
  return ref;
};
test.after.always(() => {
  for (const ref of made) rmSync(ref.path, { recursive: true, force: true });
});

const TAIL = '; the kernel killed a process of the container (out of memory)';

test('no OOM kill, no limitation', (t) => {
  const v1 = cgroup(1, { 'memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 0\n', 'memory.limit_in_bytes': '67108864\n' });
  t.is(oomKills(v1), 0);
  t.is(memoryLimitation(v1), undefined);
  t.is(memoryLimitation(cgroup(2, { 'memory.events': 'oom 1\noom_kill 0\noom_group_kill 0\n' })), undefined, 'an OOM without a kill is no limitation');
});

test('v1: the limit and the peak, in MB, rounded', (t) => {
  const v1 = cgroup(1, {
    'memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 2\n',
    'memory.limit_in_bytes': '67108864\n',
    'memory.max_usage_in_bytes': String(64 * 1024 * 1024 + 600 * 1024),
  });
  t.is(oomKills(v1), 2);
  t.deepEqual(memoryLimitation(v1), { resource: 'mem', message: `Memory limit exceeded: requested 64 MB, maximum used 65 MB${TAIL}` });
});

test('v1 without a limit (~2^63 bytes), v2 with "max" and no memory.peak: said as it is, never "NaN MB"', (t) => {
  const v1 = cgroup(1, { 'memory.oom_control': 'oom_kill 1\n', 'memory.limit_in_bytes': '9223372036854771712\n', 'memory.max_usage_in_bytes': '1048576\n' });
  t.is(memoryLimitation(v1)?.message, `Memory limit exceeded: no limit set, maximum used 1 MB${TAIL}`);
  const v2 = cgroup(2, { 'memory.events': 'low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\noom_group_kill 0\n', 'memory.max': 'max\n' });
  t.is(memoryLimitation(v2)?.message, `Memory limit exceeded: no limit set${TAIL}`);
});
