// What the OCI mode writes for its C front-end: the state record, the log
// lines containerd's shim reads, the cgroup layout and device rules.
import test from 'ava';

import { deviceWrites } from '../../src/oci/cgroups/device-rules.js';
import { cgroupLayout, ownCgroups, readHierarchies } from '../../src/oci/cgroups/layout.js';
import { logLine } from '../../src/oci/log.js';
import { PlanWords } from '../../src/oci/plan/words.js';
import { recordedCgroups, renderStateRecord } from '../../src/oci/state-record.js';

const MOUNTINFO = [
  '30 25 0:26 / /sys/fs/cgroup/freezer rw,nosuid - cgroup cgroup rw,freezer',
  '31 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct',
  '32 25 0:28 / /sys/fs/cgroup/systemd rw,nosuid - cgroup cgroup rw,xattr,name=systemd',
  '33 25 0:29 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw,nsdelegate',
  '34 25 0:30 / /tmp rw - tmpfs tmpfs rw',
].join('\n');
const SELF = '3:freezer:/\n2:cpu,cpuacct:/user.slice\n1:name=systemd:/user.slice/s\n0::/user.slice/s\n';

test('every hierarchy, named ones too, and the caller\'s own cgroup in each', (t) => {
  t.deepEqual(readHierarchies(MOUNTINFO).map((h) => [h.version, h.controllers.join(',')]), [[1, 'freezer'], [1, 'cpu,cpuacct'], [1, 'name=systemd'], [2, '']]);
  t.is(ownCgroups(SELF).get('cpu,cpuacct'), '/user.slice');
});

test('an absolute cgroupsPath is below each hierarchy\'s root; a relative one below the caller\'s cgroup there', (t) => {
  const hierarchies = readHierarchies(MOUNTINFO);
  const own = ownCgroups(SELF);
  t.deepEqual(cgroupLayout('/k8s/pod1/c1', 'c1', 'f', hierarchies, own).dirs.map((d) => d.path), [
    '/sys/fs/cgroup/freezer/k8s/pod1/c1', '/sys/fs/cgroup/cpu,cpuacct/k8s/pod1/c1', '/sys/fs/cgroup/systemd/k8s/pod1/c1', '/sys/fs/cgroup/unified/k8s/pod1/c1',
  ]);
  t.deepEqual(cgroupLayout('rel/c1', 'c1', 'f', hierarchies, own).dirs.map((d) => d.path)[1], '/sys/fs/cgroup/cpu,cpuacct/user.slice/rel/c1');
  t.is(cgroupLayout('/a/../../../etc', 'c1', 'f', hierarchies, own).dirs[0]!.path, '/sys/fs/cgroup/freezer/etc', '.. never leaves the hierarchy');
  t.is(cgroupLayout(undefined, 'c1', 'f', hierarchies, own).dirs[0]!.path, '/sys/fs/cgroup/freezer/c1');
});

test('a systemd slice or a newline in cgroupsPath is refused by name', (t) => {
  t.throws(() => cgroupLayout('system.slice:cri:c1', 'c1', 'f', [], new Map()), { message: /f: linux\.cgroupsPath 'system\.slice:cri:c1' is a systemd slice/, code: 'OCI_UNSUPPORTED_CONFIG' } as never);
  t.throws(() => cgroupLayout('/a\nb', 'c1', 'f', [], new Map()), { code: 'OCI_INVALID_CONFIG' } as never);
  t.throws(() => cgroupLayout('/', 'c1', 'f', [], new Map()), { message: /names the root of the hierarchy/ });
});

test('device rules, in order, then what every container needs', (t) => {
  const writes = deviceWrites([{ allow: false, access: 'rwm' }, { allow: true, type: 'c', major: 10, minor: 200, access: 'rw' }, { allow: true, type: 'b', major: 8 }], 'f');
  t.deepEqual(writes.slice(0, 3), [['devices.deny', 'a'], ['devices.allow', 'c 10:200 rw'], ['devices.allow', 'b 8:* rwm']]);
  t.deepEqual(writes.at(-1), ['devices.allow', 'c 136:* rwm']);
  t.throws(() => deviceWrites([{ allow: true, type: 'x' }], 'f'), { message: "f: linux.resources.devices[0].type: 'x' is not a, b or c" });
  t.throws(() => deviceWrites([{ allow: true, access: 'rwx' }], 'f'), { message: "f: linux.resources.devices[0].access: 'rwx' is not made of r, w and m" });
});

test('the state record: JSON strings for what the front-end prints, raw paths for what it uses', (t) => {
  const dirs = readHierarchies(MOUNTINFO).map((h) => ({ ...h, path: `${h.mountPoint}/c1` }));
  const text = renderStateRecord({ ociVersion: '1.0.2', id: 'c1', bundle: '/b "q"', rootfs: '/b/rootfs', created: 'T', annotations: { a: 'x\ny' }, ownPidNamespace: true, cgroups: { cgroupsPath: '/c1', dirs } });
  const lines = text.trimEnd().split('\n');
  t.deepEqual(lines.slice(0, 7), ['oci_version="1.0.2"', 'id="c1"', 'bundle="/b \\"q\\""', 'rootfs="/b/rootfs"', 'created="T"', 'own_pid_ns=1', 'annotations={"a":"x\\ny"}']);
  t.true(lines.includes('cgroup_v2=/sys/fs/cgroup/unified/c1'));
  t.true(lines.includes('freezer=/sys/fs/cgroup/freezer/c1'));
  t.true(lines.includes('procs_cgroup=/sys/fs/cgroup/unified/c1'));
  t.deepEqual(recordedCgroups(text), dirs.map((d) => d.path));
});

test('log lines as containerd\'s shim reads them: one JSON object, level and msg, on one line', (t) => {
  const when = new Date('2026-12-03T08:00:00Z');
  t.is(logLine({ json: true }, 'error', 'cannot do\nthat', when), '{"level":"error","msg":"cannot do that","time":"2026-12-03T08:00:00.000Z"}\n');
  t.is(logLine({ json: false }, 'warning', 'w', when), 'time="2026-12-03T08:00:00.000Z" level=warning msg="w"\n');
});

test('plan words: each ended by NUL; a NUL inside a value cannot be carried', (t) => {
  t.is(new PlanWords('f').add('--a', 1, 'b c').toBuffer().toString(), '--a\x001\x00b c\x00');
  t.throws(() => new PlanWords('f').add('a\0b'), { message: 'f: a value holds a NUL byte: "a\\u0000b"' });
});
