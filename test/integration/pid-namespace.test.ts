// namespaces/pid, observed from inside the container: the task writes what it
// sees into its sandbox and the test compares it with the host.
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { HarnessContext } from '../helpers/harness.js';
import { hostNamespace, rootOnly, useHarness, withHostMountTable } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

const read = (dir: string, name: string): string => readFileSync(join(dir, name), 'utf8').trim();

test('the task has its own pid namespace, with itself as pid 2 under our init', async (t) => {
  const c = t.context.h.containerizer();
  const launched = await c.launch({
    containerId: 'pidns',
    command: { value: 'readlink /proc/self/ns/pid > ns; echo $$ > pid; cat /proc/1/comm > init' },
  });
  const end = await launched.exited;
  t.is(end.exit_code, 0);
  const sandbox = launched.sandbox;
  t.not(read(sandbox, 'ns'), hostNamespace('pid'));
  t.is(read(sandbox, 'ns'), `pid:[${launched.pidNamespace}]`);
  t.is(read(sandbox, 'pid'), '2');
  t.is(read(sandbox, 'init'), 'mesos-container'); // comm is cut at 15 characters
});

// Mesos's ROOT_PidNamespace, in spirit: the same command, checked the same way.
test('ROOT_PidNamespace: the namespace inode differs and /proc/1 is the container init', async (t) => {
  const c = t.context.h.containerizer();
  const launched = await c.launch({
    containerId: 'mesos-case',
    command: { value: 'stat -c %i /proc/self/ns/pid > ns && (cat /proc/1/comm > init)' },
  });
  const end = await c.wait('mesos-case');
  t.is(end.exit_code, 0);
  const hostInode = readlinkSync('/proc/self/ns/pid').match(/\[(\d+)\]/)![1];
  t.not(read(launched.sandbox, 'ns'), hostInode);
  t.is(read(launched.sandbox, 'init'), 'mesos-container');
});

test('/proc inside lists only the container processes', async (t) => {
  const c = t.context.h.containerizer();
  const launched = await c.launch({
    containerId: 'procview',
    command: { value: 'sleep 30 & sleep 30 & ls /proc | grep -E "^[0-9]+$" | sort -n > pids; kill %1 %2' },
  });
  await launched.exited;
  const pids = read(launched.sandbox, 'pids').split('\n').map(Number);
  // init (1), the shell (2), two sleeps, ls and grep and sort: nothing else.
  t.true(pids.length >= 4 && pids.length <= 8, `saw ${pids.join(' ')}`);
  t.true(pids.every((pid) => pid < 20), `saw ${pids.join(' ')}`);
  t.true(pids.includes(1) && pids.includes(2));
});

test('two containers cannot see each other', async (t) => {
  const c = t.context.h.containerizer();
  const a = await c.launch({ containerId: 'a', command: { value: 'exec sleep 1234' } });
  const b = await c.launch({ containerId: 'b', command: { value: 'cat /proc/[0-9]*/cmdline | tr "\\0" " " > seen; readlink /proc/self/ns/pid > ns' } });
  await b.exited;
  t.false(read(b.sandbox, 'seen').includes('1234'));
  t.not(read(b.sandbox, 'ns'), `pid:[${a.pidNamespace}]`);
  t.not(a.pidNamespace, b.pidNamespace);
  await c.destroy('a');
});

// Serial, and one at a time across files: it compares the whole host mount table.
test.serial('the host /proc and mount table are unchanged by a container', (t) => withHostMountTable(async () => {
  const before = readFileSync('/proc/self/mountinfo', 'utf8');
  const c = t.context.h.containerizer();
  const launched = await c.launch({ containerId: 'mounts', command: { value: 'grep -c " /proc " /proc/self/mountinfo > procs' } });
  await launched.exited;
  t.is(readFileSync('/proc/self/mountinfo', 'utf8'), before);
  t.true(Number(read(launched.sandbox, 'procs')) >= 2, 'inside, a second proc is mounted over the host one');
}));

test('an orphan is reaped by the container init: no zombie accumulates', async (t) => {
  const c = t.context.h.containerizer();
  const launched = await c.launch({
    containerId: 'orphans',
    // Each ( ... & ) leaves an orphan that exits at once; its parent is gone.
    command: { value: 'for i in 1 2 3 4 5; do ( true & ); done; sleep 0.5; cat /proc/[0-9]*/stat 2>/dev/null | awk "{print \\$3}" > states' },
  });
  await launched.exited;
  const states = read(launched.sandbox, 'states').split('\n');
  t.false(states.includes('Z'), `states: ${states.join(' ')}`);
});

test('without namespaces/pid the task shares the host pid namespace, and its init adopts and reaps orphans', async (t) => {
  const c = t.context.h.containerizer({ isolation: 'posix/cpu' });
  const stat = 'cat /proc/[0-9]*/stat 2>/dev/null';
  const launched = await c.launch({
    containerId: 'hostpid',
    // The orphan's parent becomes the container init (a child subreaper here),
    // not the host's pid 1; once it exits, the init reaps it.
    command: { value: `readlink /proc/self/ns/pid > ns; ( exec sleep 0.6 & ); sleep 0.2; ${stat} | awk -v p=$PPID '$4 == p && $2 == "(sleep)"' > adopted; sleep 1; ${stat} | awk -v p=$PPID '$4 == p && $3 == "Z"' > zombies` },
  });
  const end = await launched.exited;
  t.is(end.exit_code, 0);
  t.is(read(launched.sandbox, 'ns'), hostNamespace('pid'));
  t.not(read(launched.sandbox, 'adopted'), '', 'the orphan was adopted by the container init');
  t.is(read(launched.sandbox, 'zombies'), '');
});

test('exit codes and signals propagate separately', async (t) => {
  const c = t.context.h.containerizer();
  const exited = await (await c.launch({ containerId: 'code', command: { value: 'exit 42' } })).exited;
  t.like(exited, { exit_code: 42, signal: null, destroyed: false });
  const killed = await (await c.launch({ containerId: 'sig', command: { value: 'kill -TERM $$' } })).exited;
  t.like(killed, { exit_code: null, signal: 15 });
  t.regex(killed.message, /SIGTERM/);
});

test('the task runs in its sandbox with MESOS_SANDBOX and MESOS_CONTAINER_ID', async (t) => {
  const c = t.context.h.containerizer();
  const launched = await c.launch({
    containerId: 'envcheck',
    command: { value: 'pwd > cwd; echo "$MESOS_SANDBOX|$MESOS_CONTAINER_ID|$FROM_COMMAND|$FROM_FLAG" > env', environment: { variables: [{ name: 'FROM_COMMAND', value: 'c' }] } },
    env: { FROM_FLAG: 'f' },
  });
  await launched.exited;
  t.is(read(launched.sandbox, 'cwd'), launched.sandbox);
  t.is(read(launched.sandbox, 'env'), `${launched.sandbox}|envcheck|c|f`);
});

test('the task runs as the requested user', async (t) => {
  const c = t.context.h.containerizer();
  const launched = await c.launch({ containerId: 'user', user: 'nobody', command: { value: 'id -u >&2; touch written-by-user' } });
  await launched.exited;
  t.is(read(launched.sandbox, 'stderr'), '65534');
  t.true(existsSync(join(launched.sandbox, 'written-by-user')), 'the sandbox belongs to the user');
});
