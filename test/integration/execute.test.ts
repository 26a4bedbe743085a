import { spawn } from 'node:child_process';

import test from 'ava';

import { FakeAgent } from '../helpers/fake-agent.js';
import { MasterProcess } from '../helpers/master-process.js';

const EXECUTE_BIN = new URL('../../bin/mesos-execute', import.meta.url).pathname;

function run(args: string[], timeoutMs = 30_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const child = spawn(process.execPath, [EXECUTE_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('mesos-execute prints each update with its source, and exits 0 on TASK_FINISHED', async (t) => {
  const master = await MasterProcess.start({ flags: ['--allocation_interval=50ms'] });
  const agent = await FakeAgent.start({
    master: master.address,
    onRunTask: (task, a) => {
      a.update(task.taskId, 'TASK_STARTING');
      a.update(task.taskId, 'TASK_RUNNING');
      a.update(task.taskId, 'TASK_FINISHED', { message: 'Command exited with status 0' });
    },
  });
  try {
    await agent.register();
    const result = await run([`--master=${master.address}`, '--name=hello', '--command=echo hello']);
    t.is(result.code, 0, result.stderr);
    t.regex(result.stdout, /^Subscribed with framework id \S+; waiting for an offer with cpus:0.1;mem:32$/m);
    t.regex(result.stdout, /^Update: TASK_STARTING source=SOURCE_EXECUTOR$/m);
    t.regex(result.stdout, /^Update: TASK_FINISHED source=SOURCE_EXECUTOR message="Command exited with status 0"$/m);
    t.notRegex(result.stdout, /Disconnected/, 'the TEARDOWN at the end is not a disconnection');
  } finally {
    await agent.stop();
    await master.teardown();
  }
});

test('mesos-execute refuses bad input with one line: exit 2 for the command line (a bad master address too), 1 for a master it cannot reach', async (t) => {
  const resources = await run(['--master=127.0.0.1:1', '--name=x', '--command=true', '--resources=cpus:lots']);
  t.is(resources.code, 2);
  t.is(resources.stderr, "mesos-execute: --resources: invalid resources 'cpus:lots': the value of 'cpus' must be a number, [BEGIN-END,...] or {ITEM,...} (got 'lots')\n");
  const missing = await run(['--master=127.0.0.1:1', '--command=true']);
  t.is(missing.code, 2);
  t.is(missing.stderr, 'mesos-execute: Missing required argument: name\n');
  const address = await run(['--master=nowhere', '--name=x', '--command=true']);
  t.is(address.code, 2);
  t.is(address.stderr, "mesos-execute: invalid master address 'nowhere': expected HOST:PORT (the port is missing)\n");
  const unreachable = await run(['--master=127.0.0.1:1', '--name=x', '--command=true']);
  t.is(unreachable.code, 1);
  t.regex(unreachable.stderr, /^mesos-execute: cannot subscribe at 127\.0\.0\.1:1: connect ECONNREFUSED 127\.0\.0\.1:1\n$/);
  t.is(unreachable.stdout, '');
});
