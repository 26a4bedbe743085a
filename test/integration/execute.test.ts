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
