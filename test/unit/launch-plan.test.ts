import test from 'ava';

import { mergeLaunchInfos } from '../../src/isolators/launch-info.js';
import { parseIsolationList, resolveIsolators } from '../../src/isolators/registry.js';
import { enterArguments, stubArguments } from '../../src/launcher/init-stub.js';

test('launch infos merge in isolator order; mounts imply a mount namespace', (t) => {
  const merged = mergeLaunchInfos([
    { namespaces: ['pid'], mounts: [{ type: 'proc', target: '/proc' }], env: { A: '1' } },
    undefined,
    { mounts: [{ type: 'bind', source: '/s', target: '/t', readOnly: true }], env: { A: '2', B: '3' } },
  ]);
  t.deepEqual([...merged.namespaces].sort(), ['mount', 'pid']);
  t.deepEqual(merged.mounts.map((m) => m.target), ['/proc', '/t']);
  t.deepEqual(merged.env, { A: '2', B: '3' });
  t.is(merged.oomCgroup, undefined);
});

test('the stub watches the first memory cgroup an isolator gives', (t) => {
  const memory = (path: string) => ({ version: 1 as const, mountPoint: '/sys/fs/cgroup/memory', path });
  t.is(mergeLaunchInfos([{}, { oomCgroup: memory('/m/a') }, { oomCgroup: memory('/m/b') }]).oomCgroup?.path, '/m/a');
  const args = stubArguments({ exitFile: '/run/x/t.json', cgroups: [], resourceCgroups: [], oomCgroup: '/m/a', namespaces: new Set(), mounts: [], workingDirectory: '/s', program: 'true', argv0: 'true', args: [], sync: false });
  t.deepEqual(args.slice(0, 8), ['--status-fd', '3', '--env-fd', '5', '--exit-file', '/run/x/t.json', '--oom-cgroup', '/m/a']);
});

test('the stub command line: one word per value, the program after --', (t) => {
  const args = stubArguments({
    exitFile: '/run/x/termination.json',
    cloneIntoCgroup: '/sys/fs/cgroup/unified/mesos/x',
    cgroups: ['/sys/fs/cgroup/freezer/mesos/x'],
    resourceCgroups: ['/sys/fs/cgroup/memory/mesos/x'],
    namespaces: new Set(['pid', 'mount'] as const),
    mounts: [
      { type: 'proc', target: '/proc' },
      { type: 'bind', source: '/a b/$(c)', target: '/tmp', readOnly: false },
      { type: 'bind', source: '/d', target: '/e', readOnly: true },
    ],
    workingDirectory: '/sandbox',
    user: 'nobody',
    program: '/bin/echo',
    argv0: 'echo',
    args: ['--not-a-stub-flag'],
    sync: true,
  });
  t.deepEqual(args, [
    '--status-fd', '3', '--env-fd', '5', '--exit-file', '/run/x/termination.json', '--sync-fd', '4',
    '--clone-into-cgroup', '/sys/fs/cgroup/unified/mesos/x', '--cgroup', '/sys/fs/cgroup/freezer/mesos/x',
    '--resource-cgroup', '/sys/fs/cgroup/memory/mesos/x',
    '--unshare-pid', '--unshare-mount',
    '--proc', '/proc', '--bind', '/a b/$(c)', '/tmp', '--ro-bind', '/d', '/e',
    '--chdir', '/sandbox', '--user', 'nobody', '--chown-tree', '/sandbox', '--argv0', 'echo',
    '--', '/bin/echo', '--not-a-stub-flag',
  ]);
});

test('capabilities and no_new_privs reach the stub as numbers, for launch and enter', (t) => {
  const base = { exitFile: '/x', cgroups: [], resourceCgroups: [], namespaces: new Set<'pid' | 'mount'>(), mounts: [], workingDirectory: '/s', program: 'p', argv0: 'p', args: [], sync: false };
  const launch = stubArguments({ ...base, capabilities: { effective: [0, 10], bounding: [0, 5, 10] }, noNewPrivileges: true });
  t.deepEqual(launch.slice(launch.indexOf('--cap-effective'), launch.indexOf('--')), ['--cap-effective', '0,10', '--cap-bounding', '0,5,10', '--no-new-privs']);
  t.deepEqual(stubArguments({ ...base, capabilities: { effective: [] } }).slice(-4), ['--cap-effective', '', '--', 'p'], 'an empty set is "none", not "unchanged"');
  t.false(stubArguments(base).some((a) => a.startsWith('--cap') || a === '--no-new-privs'));
  const enter = enterArguments({ init: { pid: 2 ** 21, startTime: 5 }, cgroups: [], workingDirectory: '/s', program: 'sh', args: [], capabilities: { bounding: [21] }, noNewPrivileges: true });
  t.deepEqual(enter, ['--status-fd', '3', '--env-fd', '5', '--enter-pid', String(2 ** 21), '--enter-start-time', '5', '--chdir', '/s', '--cap-bounding', '21', '--no-new-privs', '--', 'sh']);
});

test('isolation lists: aliases, duplicates, unknown names', (t) => {
  t.deepEqual(parseIsolationList('namespaces/pid, posix'), ['namespaces/pid', 'posix/cpu', 'posix/mem']);
  t.throws(() => parseIsolationList(''), { message: "--isolation is empty: name the isolators, or give 'posix' for none" });
  t.throws(() => parseIsolationList([' ', '']), { message: /--isolation is empty/ });
  t.throws(() => parseIsolationList('namespaces/pid,namespaces/pid'), { message: /listed twice/ });
  t.throws(() => resolveIsolators(['cgroups/unknown']), { message: /unknown or unsupported isolator 'cgroups\/unknown'/ });
  t.deepEqual(resolveIsolators(['posix/cpu'], () => undefined).map((i) => i.name), ['posix/cpu']);
  t.is(resolveIsolators(['org_example_X'], (name) => ({ name }))[0]!.name, 'org_example_X');
});
