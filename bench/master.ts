// The master, end to end through the v1 API (issue 13):
// - 1 000 /bin/true tasks from one framework via one master and one real
//   mesos-agent running real containers: tasks/s, p50/p99 from ACCEPT to the
//   acknowledged TASK_FINISHED; the same through the in-test agent (no
//   containers: the master and the API alone);
// - implicit (and explicit) reconciliation of 100 000 known tasks, loaded
//   through in-test agents' re-registrations: time to the last answer;
// - the master's memory per known task.
// Every wait has a deadline. Targets: 200 tasks/s; 100 000 tasks reconciled in under 1 s.
import type { ChildProcess } from 'node:child_process';
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';

import { parseResources } from '../dist/src/mesos/resources/text.js';
import type { TaskStatus } from '../dist/src/mesos/task-status.js';
import { SchedulerClient } from '../dist/src/scheduler/client.js';
import { FakeAgent } from '../test/helpers/fake-agent.js';
import { freePort } from '../test/helpers/free-port.js';
import { MasterProcess } from '../test/helpers/master-process.js';
import type { BenchContext } from './context.js';
import { masterWithInstantAgent } from './instant-agent.js';
import { runTasks } from './master-driver.js';
import { nowMs, summarize } from './stats.js';

const TASKS = 1000;
const RECONCILED = 100_000;
const AGENTS_FOR_RECONCILIATION = 10;
const AGENT_BIN = process.env.MESOS_AGENT_BIN ?? new URL('../bin/mesos-agent', import.meta.url).pathname;
const PER_TASK = parseResources('cpus:0.01;mem:1');
const AGENT_CGROUPS_ROOT = 'mesos-bench-agent';

const ms = (n: number): string => `${n.toFixed(1)} ms`;

/** CPU time (user + system) of a process so far, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
}

function printThroughput(name: string, result: Awaited<ReturnType<typeof runTasks>> | string, masterCpuMs?: number): void {
  if (typeof result === 'string') {
    console.log(`| ${name} | not run | - | - | ${result} |`);
    return;
  }
  const s = summarize(result.latencies);
  const p99 = [...result.latencies].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.99 * result.latencies.length) - 1)] ?? NaN;
  const rate = (TASKS / result.elapsedMs) * 1000;
  const cpu = masterCpuMs === undefined ? '' : `the master's CPU: ${(masterCpuMs / TASKS).toFixed(2)} ms per task`;
  const note = [cpu, result.failed > 0 ? `${result.failed} did not finish (first: ${result.firstFailure})` : ''].filter(Boolean).join('; ');
  console.log(`| ${name} | ${rate.toFixed(0)} tasks/s | ${ms(s.median)} | ${ms(p99)} | ${note} |`);
}

interface AgentRun {
  child: ChildProcess;
  exited: Promise<unknown>;
}

/** A real mesos-agent for the run, or why there is none. */
async function startAgent(ctx: BenchContext, master: string): Promise<AgentRun | string> {
  if (!existsSync(AGENT_BIN)) return `no mesos-agent at ${AGENT_BIN}`;
  const workDir = join(ctx.root, 'agent-work');
  mkdirSync(workDir, { recursive: true });
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const child = spawn(process.execPath, [AGENT_BIN, `--master=${master}`, `--work_dir=${workDir}`, `--runtime_dir=${join(ctx.root, 'agent-run')}`, `--cgroups_root=${AGENT_CGROUPS_ROOT}`, `--port=${await freePort()}`, '--resources=cpus:2;mem:1024;disk:1024;ports:[31000-31099]'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  return { child, exited: new Promise((resolve) => child.once('exit', resolve)) };
}

async function throughput(ctx: BenchContext): Promise<void> {
  console.log(`\n## Master end to end: ${TASKS} tasks of /bin/true from one framework, ACCEPT to acknowledged TASK_FINISHED\n`);
  console.log('| path | throughput | p50 | p99 | note |');
  console.log('|---|---|---|---|---|');
  const master = await MasterProcess.start({ flags: ['--allocation_interval=100ms'] });
  let agent: AgentRun | string | undefined;
  try {
    agent = await startAgent(ctx, master.address);
    if (typeof agent === 'string') printThroughput('master + mesos-agent (real containers)', agent);
    else {
      const deadline = Date.now() + 30_000;
      while ((await master.state()).agents.length === 0 && Date.now() < deadline && agent.child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
      const registered = (await master.state()).agents.length > 0;
      const before = cpuMs(master.child.pid!);
      const result = registered ? await runTasks(master.address, TASKS, PER_TASK, '/bin/true', 120_000).catch((e: Error) => e.message) : 'the agent did not register within 30 s';
      printThroughput('master + mesos-agent (real containers)', result, cpuMs(master.child.pid!) - before);
    }
  } finally {
    if (agent && typeof agent !== 'string') {
      if (agent.child.exitCode === null) agent.child.kill('SIGTERM');
      const timer = setTimeout(() => (agent as AgentRun).child.kill('SIGKILL'), 20_000);
      await agent.exited;
      clearTimeout(timer);
    }
    await master.teardown();
    // The agent's (empty) cgroup root in each hierarchy.
    for (const hierarchy of ['/sys/fs/cgroup/unified', '/sys/fs/cgroup/freezer', '/sys/fs/cgroup/memory', '/sys/fs/cgroup/cpu,cpuacct', '/sys/fs/cgroup/pids']) {
      try {
        rmdirSync(join(hierarchy, AGENT_CGROUPS_ROOT));
      } catch {
        // not there
      }
    }
  }

  const { master: alone, agent: fake } = await masterWithInstantAgent();
  try {
    await fake.register();
    const before = cpuMs(alone.child.pid!);
    const result = await runTasks(alone.address, TASKS, PER_TASK, '/bin/true', 120_000).catch((e: Error) => e.message);
    printThroughput('master + in-test agent (no containers: the master and the API alone)', result, cpuMs(alone.child.pid!) - before);
  } finally {
    await fake.stop();
    await alone.teardown();
  }
}

interface ChildMaster {
  address: string;
  pid: number;
  heap(): Promise<{ heap: number; rss: number }>;
  stop(): Promise<void>;
}

/** The master of the reconciliation rows: a child process that can report its heap after a GC. */
async function childMaster(): Promise<ChildMaster> {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const child = fork(new URL('./master-child.mjs', import.meta.url).pathname, [], { execArgv: ['--expose-gc'], env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const reply = <T>(): Promise<T> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the master child did not answer within 30 s')), 30_000);
      child.once('message', (message) => {
        clearTimeout(timer);
        resolve(message as T);
      });
    });
  const { address } = await reply<{ address: string }>();
  return {
    address,
    pid: child.pid!,
    heap: () => {
      const answer = reply<{ heap: number; rss: number }>();
      child.send('heap');
      return answer;
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function reconciliation(): Promise<void> {
  console.log(`\n## Master: reconciliation of ${RECONCILED.toLocaleString('en')} known tasks, and memory per task\n`);
  const master = await childMaster();
  const agents: FakeAgent[] = [];
  const framework = 'bench-framework';
  try {
    for (let i = 0; i < AGENTS_FOR_RECONCILIATION; i++) {
      const agent = await FakeAgent.start({ master: master.address, hostname: `bench-${i}`, followMaster: false });
      await agent.register();
      agents.push(agent);
    }
    const before = await master.heap();
    const loadStart = nowMs();
    const perAgent = RECONCILED / AGENTS_FOR_RECONCILIATION;
    await Promise.all(
      agents.map((agent, a) => {
        for (let i = 0; i < perAgent; i++) agent.addTask({ taskId: `task-${a}-${i}`, frameworkId: framework, state: 'TASK_RUNNING', resources: PER_TASK });
        return agent.reregister(120_000);
      }),
    );
    const loadMs = nowMs() - loadStart;
    const after = await master.heap();
    const running = ((await (await fetch(`http://${master.address}/metrics/snapshot`, { signal: AbortSignal.timeout(30_000) })).json()) as Record<string, number>)['master/tasks_running'];

    const client = new SchedulerClient({ master: master.address, framework: { user: 'root', name: 'bench', id: { value: framework }, failover_timeout: 3600 }, reconnect: false });
    await client.subscribe();
    const answers = (expected: number): Promise<number> =>
      new Promise((resolve, reject) => {
        let seen = 0;
        const timer = setTimeout(() => reject(new Error(`${seen} of ${expected} answers within 60 s`)), 60_000);
        const onUpdate = ({ status }: { status: TaskStatus }): void => {
          if (status.reason !== 'REASON_RECONCILIATION' || ++seen < expected) return;
          clearTimeout(timer);
          client.off('update', onUpdate);
          resolve(nowMs());
        };
        client.on('update', onUpdate);
      });
    const timeReconciliation = async (tasks: Array<{ taskId: string; agentId?: string }>): Promise<number[]> => {
      const runs: number[] = [];
      for (let run = 0; run < 5; run++) {
        const start = nowMs();
        const last = answers(RECONCILED);
        await client.reconcile(tasks);
        runs.push((await last) - start);
      }
      return runs;
    };
    const implicit = await timeReconciliation([]);
    const explicit = await timeReconciliation(agents.flatMap((agent) => [...agent.tasks.keys()].map((taskId) => ({ taskId, agentId: agent.id! }))));
    client.close();

    const runs = (r: number[]): string => `median of 5 (${r.map((x) => x.toFixed(0)).join(', ')} ms)`;
    console.log('| figure | value | note |');
    console.log('|---|---|---|');
    console.log(`| implicit reconciliation, RECONCILE to the last of ${RECONCILED.toLocaleString('en')} answers | ${ms(summarize(implicit).median)} | ${runs(implicit)}; target: under 1 s |`);
    console.log(`| explicit reconciliation of the same tasks, all listed (a 6 MB call) | ${ms(summarize(explicit).median)} | ${runs(explicit)} |`);
    console.log(`| loading them: ${AGENTS_FOR_RECONCILIATION} agents re-register with ${perAgent.toLocaleString('en')} tasks each | ${ms(loadMs)} | master/tasks_running = ${running} |`);
    console.log(`| master heap per known task, after a full GC | ${((after.heap - before.heap) / RECONCILED).toFixed(0)} bytes | heap ${(before.heap / 2 ** 20).toFixed(0)} → ${(after.heap / 2 ** 20).toFixed(0)} MiB; RSS ${(before.rss / 2 ** 20).toFixed(0)} → ${(after.rss / 2 ** 20).toFixed(0)} MiB |`);
  } finally {
    await Promise.all(agents.map((a) => a.stop()));
    await master.stop();
  }
}

export async function benchMaster(ctx: BenchContext): Promise<void> {
  await throughput(ctx);
  await reconciliation();
  rmSync(join(ctx.root, 'agent-work'), { recursive: true, force: true });
}
