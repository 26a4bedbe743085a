// The OCI runtime's lifecycle, as containerd's shim and the runtime-tools
// suite drive it: create, start, state, kill, delete, pause, resume, ps,
// exec, update; real namespaces, cgroups and processes, as root.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import { execa } from 'execa';
import type { TestFn } from 'ava';

import { rootOnly } from '../helpers/harness.js';
import type { OciContext } from '../helpers/oci-harness.js';
import { ociMissing, useOciHarness } from '../helpers/oci-harness.js';

const test = rootOnly(anyTest as TestFn<OciContext>);
const maybe = ociMissing ? test.skip : test;
if (ociMissing) console.log(`# OCI tests skipped: ${ociMissing}`);
useOciHarness(test);

/** Gone, or a zombie its parent (the system's init here) has not reaped yet. */
function endedOrZombie(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
  } catch {
    return true;
  }
}

function cgroupLines(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cgroup`, 'utf8').trim().split('\n');
}

maybe('create: the pid file holds bare digits, the init waits in its final cgroups, state says created', async (t) => {
  const { h } = t.context;
  const result = await h.create('c1', h.bundle('c1'));
  t.is(result.exitCode, 0, result.errorText);
  const pidText = readFileSync(join(h.root, 'c1.pid'), 'utf8');
  t.regex(pidText, /^\d+$/, 'no newline: the shim parses the whole file');
  const state = await h.state('c1');
  t.like(state, { id: 'c1', status: 'created', pid: Number(pidText), bundle: join(h.root, 'bundles/c1'), rootfs: h.rootfs() });
  for (const line of cgroupLines(state.pid)) t.true(line.endsWith(`${h.cgroupPrefix}/c1`), line);
  t.not(readlinkSync(`/proc/${state.pid}/ns/pid`), readlinkSync('/proc/self/ns/pid'));
  t.is(h.output('c1'), '', 'the program has not run');
});

maybe('start runs the program as the container\'s pid 1 with its stdio; it ends stopped; delete forgets it', async (t) => {
  const { h } = t.context;
  await h.create('c1', h.bundle('c1', undefined, ['sh', '-c', 'echo pid=$$ host=$(hostname) user=$(id -u); ls /']));
  const start = await h.run(['start', 'c1']);
  t.is(start.exitCode, 0, String(start.stderr));
  const state = await h.waitFor('c1', 'stopped');
  t.like(state, { status: 'stopped', pid: 0 });
  const output = h.output('c1');
  t.regex(output, /^pid=1 host=runc user=0\n/);
  t.true(output.includes('busybox') === false && output.includes('bin'), 'it sees its rootfs, not the host\'s');
  t.is((await h.run(['delete', 'c1'])).exitCode, 0);
  t.is((await h.run(['state', 'c1'])).exitCode, 1);
});

maybe('delete of a created container (containerd does this) kills the waiting init and removes everything', async (t) => {
  const { h } = t.context;
  await h.create('c1', h.bundle('c1'));
  const { pid } = await h.state('c1');
  const result = await h.run(['delete', 'c1']);
  t.is(result.exitCode, 0, String(result.stderr));
  t.deepEqual(h.cgroupDirs().filter((d) => d.endsWith('/c1')), []);
  t.true(endedOrZombie(pid), 'the init no longer waits');
});

maybe('a running container: delete is refused and changes nothing; delete --force ends it', async (t) => {
  const { h } = t.context;
  await h.create('c1', h.bundle('c1'));
  await h.run(['start', 'c1']);
  const refused = await h.run(['delete', 'c1']);
  t.is(refused.exitCode, 1);
  t.regex(String(refused.stderr), /cannot delete container c1 that is not stopped: running/);
  t.is((await h.state('c1')).status, 'running');
  t.is((await h.run(['delete', '--force', 'c1'])).exitCode, 0);
  t.is((await h.run(['state', 'c1'])).exitCode, 1);
});

maybe('kill takes signal names and numbers; after the end it says "container not running", to stderr and the log', async (t) => {
  const { h } = t.context;
  await h.create('c1', h.bundle('c1', undefined, ['sh', '-c', 'trap "echo got-usr1" USR1; trap "exit 7" TERM; while true; do sleep 0.01; done']));
  await h.run(['start', 'c1']);
  t.is((await h.run(['kill', 'c1', 'USR1'])).exitCode, 0);
  t.is((await h.run(['kill', 'c1', '15'])).exitCode, 0);
  t.is((await h.waitFor('c1', 'stopped')).status, 'stopped');
  t.regex(h.output('c1'), /got-usr1/);
  const late = await h.run(['kill', 'c1', 'KILL']);
  t.is(late.exitCode, 1);
  t.regex(String(late.stderr), /container not running/);
  t.like(h.lastLogLine(), { level: 'error', msg: 'container not running' });
  t.regex(String((await h.run(['kill', 'c1', 'NOPE'])).stderr), /kill: unknown signal 'NOPE'/);
});

maybe('an unknown id: "does not exist" for every verb, except delete --force, which is quiet', async (t) => {
  const { h } = t.context;
  for (const args of [['state', 'nope'], ['start', 'nope'], ['kill', 'nope', '9'], ['delete', 'nope'], ['ps', 'nope'], ['pause', 'nope']]) {
    const result = await h.run(args);
    t.is(result.exitCode, 1, args.join(' '));
    t.regex(String(result.stderr), /container nope does not exist/, args.join(' '));
  }
  t.like(h.lastLogLine(), { level: 'error', msg: 'container nope does not exist' });
  const quiet = await h.run(['delete', '--force', 'nope']);
  t.deepEqual([quiet.exitCode, String(quiet.stdout), String(quiet.stderr)], [0, '', '']);
  t.regex(String((await h.run(['state', '../etc'])).stderr), /invalid container id '\.\.\/etc'/);
});

maybe('global flags: --systemd-cgroup refused before anything is made, --log-format text or json and nothing else', async (t) => {
  const { h } = t.context;
  const systemd = await h.run(['--systemd-cgroup', 'create', '--bundle', h.bundle('s1'), 's1']);
  t.is(systemd.exitCode, 1);
  t.regex(String(systemd.stderr), /^[^\n]*--systemd-cgroup is not supported yet[^\n]*\n?$/);
  t.like(h.lastLogLine(), { level: 'error' });
  t.false(existsSync(join(h.stateRoot, 's1')), 'no state directory');

  const bad = await h.run(['--log-format', 'yaml', 'state', 'nope']);
  t.is(bad.exitCode, 1);
  t.regex(String(bad.stderr), /--log-format must be 'json' or 'text', got 'yaml'/);

  await h.run(['--log-format', 'text', 'state', 'nope']);
  t.regex(readFileSync(h.log, 'utf8').trim().split('\n').at(-1)!, /^time="[^"]+" level=error msg="container nope does not exist"$/);
});

maybe('pause and resume freeze and thaw the cgroup; ps lists host pids as JSON', async (t) => {
  const { h } = t.context;
  await h.create('c1', h.bundle('c1', undefined, ['sh', '-c', 'sleep 1000 & wait']));
  await h.run(['start', 'c1']);
  const { pid } = await h.state('c1');
  t.is((await h.run(['pause', 'c1'])).exitCode, 0);
  t.is((await h.state('c1')).status, 'paused');
  t.regex(readFileSync(`/proc/${pid}/status`, 'utf8'), /State:\s+[DS]/);
  t.regex(String((await h.run(['pause', 'c1'])).stderr), /container not running/);
  t.is((await h.run(['resume', 'c1'])).exitCode, 0);
  t.is((await h.state('c1')).status, 'running');
  t.regex(String((await h.run(['resume', 'c1'])).stderr), /container not paused/);
  const ps = await h.run(['ps', '--format', 'json', 'c1']);
  const pids = JSON.parse(String(ps.stdout)) as number[];
  t.true(pids.includes(pid));
  t.is(pids.length, 2, 'sh and sleep');
});

maybe('exec --detach: the process joins the container\'s namespaces and cgroups; its pid file holds bare digits', async (t) => {
  const { h } = t.context;
  await h.create('c1', h.bundle('c1'));
  await h.run(['start', 'c1']);
  const { pid } = await h.state('c1');
  const processFile = join(h.root, 'process.json');
  writeFileSync(processFile, JSON.stringify({ args: ['sh', '-c', 'echo exec-$$ > /tmp/exec-out; sleep 1000'], cwd: '/tmp', env: ['PATH=/bin', `MCT_OCI_TEST=${h.root}`] }));
  // the exec'd process keeps its stdio: files, not pipes to this test
  const stdio = openSync(join(h.root, 'e1.out'), 'a');
  const exec = await h.run(['exec', '--process', processFile, '--detach', '--pid-file', join(h.root, 'e1.pid'), 'c1'], { stdout: stdio, stderr: stdio });
  closeSync(stdio);
  t.is(exec.exitCode, 0, readFileSync(join(h.root, 'e1.out'), 'utf8'));
  const execPid = Number(readFileSync(join(h.root, 'e1.pid'), 'utf8'));
  t.regex(readFileSync(join(h.root, 'e1.pid'), 'utf8'), /^\d+$/);
  for (const ns of ['pid', 'mnt', 'net', 'ipc', 'uts']) t.is(readlinkSync(`/proc/${execPid}/ns/${ns}`), readlinkSync(`/proc/${pid}/ns/${ns}`), ns);
  t.deepEqual(cgroupLines(execPid), cgroupLines(pid));
  t.is(readlinkSync(`/proc/${execPid}/cwd`), '/tmp');
  const ps = JSON.parse(String((await h.run(['ps', '--format', 'json', 'c1'])).stdout)) as number[];
  t.true(ps.includes(execPid));
  // kill --all reaches the exec'd process too
  t.is((await h.run(['kill', '--all', 'c1', '9'])).exitCode, 0);
  t.is((await h.waitFor('c1', 'stopped')).status, 'stopped');
});

maybe('exec of a program that does not exist fails with its name, and leaves no process', async (t) => {
  const { h } = t.context;
  await h.create('c1', h.bundle('c1'));
  await h.run(['start', 'c1']);
  const exec = await h.run(['exec', 'c1', '/no/such/program']);
  t.is(exec.exitCode, 1);
  t.regex(String(exec.stderr), /exec: "\/no\/such\/program": stat \/no\/such\/program: No such file or directory/);
  t.is((JSON.parse(String((await h.run(['ps', '--format', 'json', 'c1'])).stdout)) as number[]).length, 1);
});

maybe('without a pid namespace of its own, kill --all reaches what the init left behind', async (t) => {
  const { h } = t.context;
  const bundle = h.bundle('c1', (c) => (c.linux!.namespaces = c.linux!.namespaces!.filter((n) => n.type !== 'pid')), ['sh', '-c', 'sleep 1000 & echo $! > /tmp/bg']);
  await h.create('c1', bundle);
  await h.run(['start', 'c1']);
  t.is((await h.waitFor('c1', 'stopped')).status, 'stopped');
  const left = JSON.parse(String((await h.run(['ps', '--format', 'json', 'c1'])).stdout)) as number[];
  t.is(left.length, 1, 'the sleep outlived its init');
  t.is((await h.run(['kill', '--all', 'c1', '9'])).exitCode, 0);
  t.is((await h.run(['delete', 'c1'])).exitCode, 0, 'nothing left in the cgroup');
});

maybe('update --resources - writes the new limits to the running container\'s cgroups', async (t) => {
  const { h } = t.context;
  await h.create('c1', h.bundle('c1'));
  await h.run(['start', 'c1']);
  const result = await h.run(['update', '--resources', '-', 'c1'], { input: JSON.stringify({ memory: { limit: 64 * 2 ** 20 }, pids: { limit: 42 } }) });
  t.is(result.exitCode, 0, String(result.stderr));
  t.is(readFileSync(`/sys/fs/cgroup/memory${h.cgroupPrefix}/c1/memory.limit_in_bytes`, 'utf8').trim(), String(64 * 2 ** 20));
  t.is(readFileSync(`/sys/fs/cgroup/pids${h.cgroupPrefix}/c1/pids.max`, 'utf8').trim(), '42');
  const bad = await h.run(['update', '--resources', '-', 'c1'], { input: '{"pids":{"limit":"lots"}}' });
  t.is(bad.exitCode, 1);
  t.regex(String(bad.stderr), /resources on stdin: pids\.limit: expected a number/);
});

maybe('list shows every container with its status', async (t) => {
  const { h } = t.context;
  await h.create('a', h.bundle('a'));
  await h.create('b', h.bundle('b'));
  await h.run(['start', 'b']);
  const list = JSON.parse(String((await h.run(['list', '--format', 'json'])).stdout)) as Array<{ id: string; status: string }>;
  t.deepEqual(list.map((c) => [c.id, c.status]), [['a', 'created'], ['b', 'running']]);
  t.deepEqual(String((await h.run(['list', '-q'])).stdout).split('\n'), ['a', 'b']);
});

maybe('a create that died half-way (a record, no init, nobody holding the lock) reads as stopped and delete finishes it', async (t) => {
  const { h } = t.context;
  await h.create('c1', h.bundle('c1'));
  const { pid } = await h.state('c1');
  process.kill(pid, 'SIGKILL');
  // as if create had died before it recorded the init
  rmSync(join(h.stateRoot, 'c1', 'init'));
  t.like(await h.state('c1'), { status: 'stopped', pid: 0 });
  t.is((await h.run(['delete', 'c1'])).exitCode, 0);
  t.deepEqual(h.cgroupDirs().filter((d) => d.endsWith('/c1')), []);
});

maybe('bad input to create: one line naming the file and the field, in stderr and the log; nothing is left', async (t) => {
  const { h } = t.context;
  const noConfig = join(h.root, 'empty-bundle');
  mkdirSync(noConfig);
  let result = await h.create('c1', noConfig);
  t.is(result.exitCode, 1);
  t.is(result.errorText, `mesos-containerizer-oci: ${noConfig}/config.json: the bundle has no config.json\n`);
  const broken = h.bundle('c2');
  writeFileSync(join(broken, 'config.json'), '{"ociVersion": "1.0.2", "process": {"cwd": 7}}');
  result = await h.create('c2', broken);
  t.regex(result.errorText, /config\.json: process\.cwd: expected a string\n$/);
  t.like(h.lastLogLine(), { level: 'error', msg: `${broken}/config.json: process.cwd: expected a string` });
  result = await h.create('c3', h.bundle('c3', (c) => c.mounts!.push({ destination: '/x', type: 'bind', source: '/no/such/source' })));
  t.regex(result.errorText, /cannot bind-mount \/no\/such\/source on \/x: the source: No such file or directory/);
  result = await h.run(['create', '--bundle', h.bundle('c4'), 'bad/id']);
  t.regex(String(result.stderr), /invalid container id 'bad\/id'/);
  t.deepEqual(h.leaks(), { processes: [], mounts: [], cgroups: [], state: [] });
});

maybe('an id that is taken: create refuses, and the container that has it is untouched', async (t) => {
  const { h } = t.context;
  await h.create('c1', h.bundle('c1'));
  const before = await h.state('c1');
  const again = await h.create('c1', h.bundle('c1'));
  t.is(again.exitCode, 1);
  t.regex(again.errorText, /container with id c1 already exists/);
  t.deepEqual(await h.state('c1'), before);
});

maybe('exec in the foreground: its output, and its exit status as ours', async (t) => {
  const { h } = t.context;
  await h.create('c1', h.bundle('c1'));
  await h.run(['start', 'c1']);
  const exec = await h.run(['exec', '--env', 'GREETING=hello', 'c1', 'sh', '-c', 'echo $GREETING from $(cat /proc/1/comm); exit 5']);
  t.deepEqual([exec.exitCode, String(exec.stdout)], [5, 'hello from sleep']);
});

maybe('while create holds the lock and has recorded no init, state says creating', async (t) => {
  const { h } = t.context;
  await h.create('c1', h.bundle('c1'));
  const { pid } = await h.state('c1');
  process.kill(pid, 'SIGKILL');
  rmSync(join(h.stateRoot, 'c1', 'init'));
  // a create still at work: something holds the container's lock (flock(1) takes the same lock)
  const holder = execa('flock', ['--no-fork', join(h.stateRoot, 'c1'), 'sleep', '30'], { reject: false });
  try {
    for (const deadline = Date.now() + 10_000; (await h.state('c1')).status !== 'creating' && Date.now() < deadline; );
    t.like(await h.state('c1'), { status: 'creating', pid: 0 });
  } finally {
    holder.kill('SIGKILL');
    await holder;
  }
  t.is((await h.state('c1')).status, 'stopped');
  t.is((await h.run(['delete', 'c1'])).exitCode, 0);
});
