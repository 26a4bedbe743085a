// The master with real mesos-agents running real containers: a master
// restart under running tasks, an agent killed for good, invalid tasks and
// mesos-execute.
import { spawn } from 'node:child_process';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import { eventually } from '../helpers/eventually.js';
import type { EndToEndContext } from '../helpers/real-agent.js';
import { agentFor, useEndToEnd } from '../helpers/real-agent.js';

const test = useEndToEnd(anyTest as TestFn<EndToEndContext>);
const EXECUTE_BIN = new URL('../../bin/mesos-execute', import.meta.url).pathname;

test('master restart during running tasks: no task is reported lost while its agent can re-register; afterwards reconciliation says RUNNING', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster(['--agent_reregister_timeout=10mins']);
  const agent = await agentFor(t);
  const framework = await cluster.framework({ checkpoint: true, failover_timeout: 3600 });
  await framework.launch(await framework.offer(), ['a', 'b', 'c'].map((id) => ({ task_id: { value: id }, command: { value: 'sleep 1000' } })));
  for (const id of ['a', 'b', 'c']) await framework.acknowledgeUntil(id, 'TASK_RUNNING');

  agent.signal('SIGSTOP'); // so that the restarted master sees it in transition for a while
  try {
    await cluster.restartMaster();
    await framework.client.next((e) => e.type === 'SUBSCRIBED', 30_000);
    await framework.client.reconcile(['a', 'b', 'c'].map((taskId) => ({ taskId, agentId: agent.id })));
    await cluster.barrier(framework);
  } finally {
    agent.signal('SIGCONT');
  }
  await agent.registeredWith(cluster.master);
  const since = framework.updates.length;
  await framework.client.reconcile(['a', 'b', 'c'].map((taskId) => ({ taskId, agentId: agent.id })));
  for (const id of ['a', 'b', 'c']) {
    t.like(await framework.update((s) => s.task_id.value === id && s.reason === 'REASON_RECONCILIATION', 30_000, since), { state: 'TASK_RUNNING', source: 'SOURCE_MASTER' });
  }
  t.deepEqual(framework.updates.filter((s) => s.state === 'TASK_LOST' && !s.task_id.value.startsWith('barrier')), [], 'never called lost');
  const state = await cluster.master.state();
  t.deepEqual(state.frameworks[0]!.tasks.map((task) => [task.id, task.state]).sort(), [['a', 'TASK_RUNNING'], ['b', 'TASK_RUNNING'], ['c', 'TASK_RUNNING']]);

  // And they are still there to be killed.
  await framework.client.kill('a', agent.id);
  t.like(await framework.acknowledgeUntil('a', 'TASK_KILLED'), { source: 'SOURCE_EXECUTOR' });
});

test('an agent killed for good: after the missed PINGs its tasks are TASK_LOST with REASON_AGENT_REMOVED', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster(['--agent_ping_timeout=200ms', '--max_agent_ping_timeouts=3']);
  const agent = await agentFor(t, { hostname: 'doomed' });
  const framework = await cluster.framework({ checkpoint: true });
  await framework.launch(await framework.offer(), [{ task_id: { value: 'x' }, command: { value: 'sleep 1000' } }]);
  await framework.acknowledgeUntil('x', 'TASK_RUNNING');
  await agent.kill('SIGKILL');
  const lost = await framework.update((s) => s.task_id.value === 'x' && s.state === 'TASK_LOST', 30_000);
  t.like(lost, { source: 'SOURCE_MASTER', reason: 'REASON_AGENT_REMOVED', message: 'Agent doomed removed: it did not answer 3 PINGs in a row (every 0.2 s)' });
  t.false('uuid' in lost);
  t.deepEqual((await cluster.master.state()).agents, []);
  // Its container outlived it (the framework checkpoints); the harness destroys it and checks nothing leaks.
});

test('invalid tasks get TASK_ERROR from the master; a valid one of the same ACCEPT runs in a container', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  await agentFor(t);
  const framework = await cluster.framework();
  const offer = await framework.offer();
  await framework.client.launch([offer.id.value], [
    { name: 'ok', task_id: { value: 'ok' }, agent_id: offer.agent_id, resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 0.1 } }], command: { value: 'test -d "$MESOS_SANDBOX"' } },
    { name: 'exec', task_id: { value: 'exec' }, agent_id: offer.agent_id, resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 0.1 } }], executor: { executor_id: { value: 'e' }, command: { value: 'x' } } },
    { name: 'big', task_id: { value: 'big' }, agent_id: offer.agent_id, resources: [{ name: 'mem', type: 'SCALAR', scalar: { value: 1e6 } }], command: { value: 'true' } },
  ]);
  t.like(await framework.update((s) => s.task_id.value === 'exec'), { state: 'TASK_ERROR', source: 'SOURCE_MASTER', reason: 'REASON_TASK_INVALID', message: "Task exec names a custom executor 'e': this cluster runs command tasks only (give 'command', not 'executor')" });
  t.like(await framework.update((s) => s.task_id.value === 'big'), { state: 'TASK_ERROR', source: 'SOURCE_MASTER', reason: 'REASON_TASK_INVALID' });
  t.like(await framework.acknowledgeUntil('ok', 'TASK_FINISHED'), { source: 'SOURCE_EXECUTOR', message: 'Command exited with status 0' });
});

function execute(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const child = spawn(process.execPath, [EXECUTE_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('mesos-execute through a master and a real agent: each update, exit 0 on TASK_FINISHED, non-zero on TASK_FAILED', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  await agentFor(t);
  const ok = await execute([`--master=${cluster.master.address}`, '--name=hello', '--command=echo hello']);
  t.is(ok.code, 0, ok.stderr);
  t.regex(ok.stdout, /Update: TASK_STARTING source=SOURCE_EXECUTOR\nUpdate: TASK_RUNNING source=SOURCE_EXECUTOR\nUpdate: TASK_FINISHED source=SOURCE_EXECUTOR message="Command exited with status 0"\n$/);
  const failed = await execute([`--master=${cluster.master.address}`, '--name=oops', '--command=exit 3', '--resources=cpus:0.2;mem:16']);
  t.is(failed.code, 1);
  t.regex(failed.stdout, /Update: TASK_FAILED source=SOURCE_EXECUTOR message="Command exited with status 3"\n$/);
  await eventually(async () => (await cluster.master.state()).frameworks.length === 0, 'both frameworks torn down');
});
