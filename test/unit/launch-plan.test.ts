import test from 'ava';

import { mergeLaunchInfos } from '../../src/isolators/launch-info.js';
import { parseIsolationList, resolveIsolators } from '../../src/isolators/registry.js';
import { stubArguments } from '../../src/launcher/init-stub.js';

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
  t.deepEqual(args.slice(0, 6), ['--status-fd', '3', '--exit-file', '/run/x/t.json', '--oom-cgroup', '/m/a']);
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
    '--status-fd', '3', '--exit-file', '/run/x/termination.json', '--sync-fd', '4',
    '--clone-into-cgroup', '/sys/fs/cgroup/unified/mesos/x', '--cgroup', '/sys/fs/cgroup/freezer/mesos/x',
    '--resource-cgroup', '/sys/fs/cgroup/memory/mesos/x',
    '--unshare-pid', '--unshare-mount',
    '--proc', '/proc', '--bind', '/a b/$(c)', '/tmp', '--ro-bind', '/d', '/e',
    '--chdir', '/sandbox', '--user', 'nobody', '--chown-tree', '/sandbox', '--argv0', 'echo',
    '--', '/bin/echo', '--not-a-stub-flag',
  ]);
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
