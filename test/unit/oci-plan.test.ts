// config.json to the plan the C side carries out: what each part becomes,
// and the one-line errors for what cannot be applied.
import test from 'ava';

import type { CgroupLayout } from '../../src/oci/cgroups/layout.js';
import type { HostSeams } from '../../src/oci/plan/create-plan.js';
import { createPlan } from '../../src/oci/plan/create-plan.js';
import { MS } from '../../src/oci/plan/linux-constants.js';
import type { OciConfig } from '../../src/oci/schema/config.js';
import { defaultConfig } from '../helpers/oci-config.js';

const layout: CgroupLayout = {
  cgroupsPath: '/ns/c1',
  dirs: [
    { version: 1, mountPoint: '/sys/fs/cgroup/memory', controllers: ['memory'], path: '/sys/fs/cgroup/memory/ns/c1' },
    { version: 1, mountPoint: '/sys/fs/cgroup/freezer', controllers: ['freezer'], path: '/sys/fs/cgroup/freezer/ns/c1' },
    { version: 2, mountPoint: '/sys/fs/cgroup/unified', controllers: [], path: '/sys/fs/cgroup/unified/ns/c1' },
  ],
};

function fakeHost(existing: string[] = []): HostSeams {
  return {
    isDirectory: (p) => p === '/b/rootfs',
    exists: (p) => existing.includes(p),
    readFile: () => 'N',
    selinuxEnabled: () => false,
    cgroups: () => layout,
  };
}

function plan(change: (c: OciConfig) => void = () => undefined, existing?: string[]) {
  const config = defaultConfig();
  change(config);
  return createPlan('c1', '/b', config, '/b/config.json', fakeHost(existing), new Date('2026-12-03T08:00:00Z'));
}

/** The values after each occurrence of flag, n words each. */
function values(words: readonly string[], flag: string, n: number): string[][] {
  const found: string[][] = [];
  words.forEach((w, i) => {
    if (w === flag) found.push(words.slice(i + 1, i + 1 + n));
  });
  return found;
}

test('the default spec: cgroups, namespaces, rootfs, process, then the program', (t) => {
  const words = plan().words.list();
  t.deepEqual(values(words, '--clone-cgroup', 1), [['/sys/fs/cgroup/unified/ns/c1']]);
  t.deepEqual(values(words, '--cgroup', 1), [['/sys/fs/cgroup/memory/ns/c1'], ['/sys/fs/cgroup/freezer/ns/c1']]);
  t.deepEqual(values(words, '--ns', 1).flat(), ['pid', 'network', 'ipc', 'uts', 'mount']);
  t.deepEqual(values(words, '--rootfs', 1), [['/b/rootfs']]);
  t.true(words.includes('--readonly-rootfs'));
  t.deepEqual(values(words, '--hostname', 1), [['runc']]);
  t.deepEqual(values(words, '--user', 2), [['0', '0']]);
  t.deepEqual(values(words, '--caps', 5), [['5,10,29', '5,10,29', '5,10,29', '', '5,10,29']]);
  t.deepEqual(values(words, '--rlimit', 3), [['7', '1024', '1024']]);
  t.true(words.includes('--no-new-privs'));
  t.deepEqual(values(words, '--masked', 1).flat(), ['/proc/acpi', '/proc/kcore', '/sys/firmware']);
  t.deepEqual(words.slice(words.indexOf('--')), ['--', 'sh']);
});

test('mount options become mount(2) flags, data and a propagation change', (t) => {
  const mounts = values(plan().words.list(), '--mount', 7);
  const sys = mounts.find((m) => m[1] === '/sys')!;
  t.deepEqual(sys, ['sysfs', '/sys', 'sysfs', String(MS.NOSUID | MS.NOEXEC | MS.NODEV | MS.RDONLY), '0', '0', '']);
  const pts = mounts.find((m) => m[1] === '/dev/pts')!;
  t.is(pts[6], 'newinstance,ptmxmode=0666,mode=0620,gid=5');
  const bind = values(plan((c) => c.mounts!.push({ destination: 'data', source: 'vol', options: ['rbind', 'ro', 'rprivate'] })).words.list(), '--mount', 7).at(-1);
  t.deepEqual(bind, ['/b/vol', '/data', 'bind', String(MS.BIND | MS.REC | MS.RDONLY), String(MS.PRIVATE | MS.REC), '0', '']);
});

test('a read-only /dev is made writable first, then remounted read-only once its devices exist', (t) => {
  const words = plan((c) => c.mounts![1]!.options!.push('ro')).words.list();
  const dev = values(words, '--mount', 7).filter((m) => m[1] === '/dev');
  t.is(dev.length, 2);
  t.is(Number(dev[0]![3]) & MS.RDONLY, 0);
  t.is(Number(dev[1]![3]) & (MS.REMOUNT | MS.RDONLY), MS.REMOUNT | MS.RDONLY);
});

test('the default devices and /dev symlinks, unless /dev is the host\'s', (t) => {
  const words = plan().words.list();
  t.deepEqual(values(words, '--device', 7).map((d) => d[0]), ['/dev/null', '/dev/zero', '/dev/full', '/dev/random', '/dev/urandom', '/dev/tty']);
  t.deepEqual(values(words, '--symlink', 2).find((s) => s[1] === '/dev/ptmx'), ['pts/ptmx', '/dev/ptmx']);
  const hostDev = plan((c) => (c.mounts![1] = { destination: '/dev', type: 'bind', source: '/dev', options: ['rbind'] })).words.list();
  t.deepEqual(values(hostDev, '--device', 7), []);
});

test('the state record: ids, bundle, rootfs, annotations, whether the pid namespace is the container\'s own', (t) => {
  const { record } = plan((c) => (c.annotations = { a: 'b' }));
  t.like(record, { id: 'c1', bundle: '/b', rootfs: '/b/rootfs', created: '2026-12-03T08:00:00.000Z', annotations: { a: 'b' }, ownPidNamespace: true });
  t.false(plan((c) => (c.linux!.namespaces = [{ type: 'mount' }, { type: 'uts' }])).record.ownPidNamespace);
  t.false(plan((c) => (c.linux!.namespaces = [{ type: 'mount' }, { type: 'uts' }, { type: 'pid', path: '/proc/1/ns/pid' }]), ['/proc/1/ns/pid']).record.ownPidNamespace);
});

test('hooks: outside ones recorded for the front-end, inside ones in the plan', (t) => {
  const hook = { path: '/bin/hook', args: ['hook', 'a'], env: ['X=1'], timeout: 5 };
  const p = plan((c) => (c.hooks = { prestart: [hook], createContainer: [hook], poststop: [{ path: '/bin/stop' }] }));
  t.is(p.hooks?.toString(), 'prestart\x005\x00/bin/hook\x002\x00hook\x00a\x001\x00X=1\x00poststop\x000\x00/bin/stop\x000\x000\x00');
  t.deepEqual(values(p.words.list(), '--hook', 8), [['create-container', '5', '/bin/hook', '2', 'hook', 'a', '1', 'X=1']]);
  t.true(p.words.list().includes('--runtime-hooks'));
});

test('an unknown capability is left out with a warning (as runc), never an error', (t) => {
  const p = plan((c) => c.process!.capabilities!.bounding!.push('CAP_TEST'));
  t.deepEqual(values(p.words.list(), '--caps', 5)[0]![0], '5,10,29');
  t.deepEqual(p.warnings, ["/b/config.json: process.capabilities.bounding: unknown capability 'CAP_TEST' left out"]);
});

test('without a mount namespace nothing that would change the host\'s mounts is planned, and that is said', (t) => {
  const p = plan((c) => (c.linux!.namespaces = [{ type: 'pid' }, { type: 'uts' }]));
  t.deepEqual(values(p.words.list(), '--mount', 7), []);
  t.false(p.words.list().includes('--readonly-rootfs'));
  t.regex(p.warnings.join(), /no mount namespace: mounts, linux\.maskedPaths, linux\.readonlyPaths, root\.readonly not applied/);
});

test('seccomp is accepted, not applied, and said so', (t) => {
  const p = plan((c) => (c.linux!.seccomp = { defaultAction: 'SCMP_ACT_ERRNO' }));
  t.deepEqual(p.warnings, ['/b/config.json: linux.seccomp: the seccomp profile is accepted but not applied (not supported yet)']);
});

const refusals: Array<[string, (c: OciConfig) => void, RegExp]> = [
  ['no root', (c) => delete c.root, /^\/b\/config\.json: root: missing/],
  ['a rootfs that is not a directory', (c) => (c.root!.path = 'nope'), /root\.path: \/b\/nope is not a directory/],
  ['no process', (c) => delete c.process, /process: missing/],
  ['empty args', (c) => (c.process!.args = []), /process\.args: the process needs a program/],
  ['a relative cwd', (c) => (c.process!.cwd = 'tmp'), /process\.cwd: 'tmp' is not an absolute path/],
  ['an env entry without =', (c) => c.process!.env!.push('JUNK'), /process\.env\[2\]: 'JUNK' is not NAME=VALUE/],
  ['an unknown rlimit', (c) => c.process!.rlimits!.push({ type: 'RLIMIT_FOO', soft: 1, hard: 1 }), /process\.rlimits\[1\]\.type: unknown rlimit 'RLIMIT_FOO'/],
  ['a soft rlimit above its hard one', (c) => (c.process!.rlimits![0]!.soft = 2048), /RLIMIT_NOFILE soft limit 2048 is above its hard limit 1024/],
  ['an rlimit given twice', (c) => c.process!.rlimits!.push({ type: 'RLIMIT_NOFILE', soft: 1, hard: 1 }), /RLIMIT_NOFILE is given twice/],
  ['oomScoreAdj out of range', (c) => (c.process!.oomScoreAdj = 1001), /oomScoreAdj: 1001 is not between -1000 and 1000/],
  ['an AppArmor profile on a host without AppArmor', (c) => (c.process!.apparmorProfile = 'p'), /apparmorProfile: 'p' cannot be applied: AppArmor is not enabled on this host/],
  ['a namespace given twice', (c) => c.linux!.namespaces!.push({ type: 'pid' }), /linux\.namespaces\[5\]: the pid namespace is given twice/],
  ['an unknown namespace type', (c) => c.linux!.namespaces!.push({ type: 'bogus' }), /linux\.namespaces\[5\]\.type: unknown namespace type 'bogus'/],
  ['a namespace path that does not exist', (c) => (c.linux!.namespaces![1] = { type: 'network', path: '/proc/9/ns/net' }), /linux\.namespaces\[1\]\.path: \/proc\/9\/ns\/net does not exist/],
  ['a new user namespace without maps', (c) => c.linux!.namespaces!.push({ type: 'user' }), /a new user namespace needs both/],
  ['maps without a user namespace', (c) => (c.linux!.uidMappings = [{ containerID: 0, hostID: 1000, size: 1 }]), /no new user namespace is/],
  ['a sysctl of the host', (c) => (c.linux!.sysctl = { 'kernel.panic': '1' }), /linux\.sysctl: 'kernel\.panic' is not in a namespace of the container's own/],
  ['a net sysctl without a network namespace', (c) => { c.linux!.sysctl = { 'net.ipv4.ip_forward': '1' }; c.linux!.namespaces = [{ type: 'mount' }, { type: 'uts' }]; }, /needs the container's own network namespace/],
  ['a hostname without a uts namespace', (c) => (c.linux!.namespaces = [{ type: 'mount' }]), /hostname\/domainname: they need the container's own uts namespace/],
  ['an unknown rootfsPropagation', (c) => (c.linux!.rootfsPropagation = 'sideways'), /linux\.rootfsPropagation: 'sideways' is not a propagation/],
  ['an idmapped mount', (c) => (c.mounts![0]!.uidMappings = [{ containerID: 0, hostID: 1, size: 1 }]), /mounts\[0\]: idmapped mounts are not supported yet/],
  ['a mount over the root', (c) => c.mounts!.push({ destination: '/', type: 'tmpfs' }), /mounts\[6\]\.destination: cannot mount over the container's root/],
  ['a bind mount without a source', (c) => c.mounts!.push({ destination: '/x', type: 'bind' }), /mounts\[6\]\.source: a bind mount needs a source/],
  ['a relative hook path', (c) => (c.hooks = { poststart: [{ path: 'hook' }] }), /hooks\.poststart\[0\]\.path: 'hook' is not an absolute path/],
  ['a hook timeout of 0', (c) => (c.hooks = { createContainer: [{ path: '/h', timeout: 0 }] }), /hooks\.createContainer\[0\]\.timeout: 0 is not a positive number of seconds/],
  ['a NUL byte in an argument', (c) => (c.process!.args = ['sh', 'a\0b']), /a value holds a NUL byte: "a\\u0000b"/],
];

for (const [what, change, message] of refusals) {
  test(`refused with a one-line error naming the field: ${what}`, (t) => {
    const error = t.throws(() => plan(change));
    t.regex(error?.message ?? '', message);
    t.false(error?.message.includes('\n'));
    t.regex((error as { code?: string }).code ?? '', /^OCI_(INVALID|UNSUPPORTED)_CONFIG$/);
  });
}
