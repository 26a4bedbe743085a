// mesos-agent under load, through its real process and the wire:
// - a burst of 1000 /bin/true tasks, from RUN_TASK to TASK_FINISHED at the
//   master (checkpointed before it is sent), as tasks per second, beside
//   sequential bwrap and crun launches per second in the same run;
// - the agent's resident memory per running task (its own growth, the
//   tasks' processes apart);
// - the CPU the agent spends, idle, on 1000 sleeping containers it
//   re-attached to after a kill -9 (the one watcher's cost).
// Every wait has a deadline.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { execa } from 'execa';
import type { ResultPromise } from 'execa';

import { FakeMaster } from '../test/helpers/fake-master.js';
import { freePort } from '../test/helpers/free-port.js';
import { isTerminal } from '../dist/src/index.js';
import type { BenchContext } from './context.js';
import { nowMs } from './stats.js';

const BURST = 1000;
const RUNNING_FOR_MEMORY = 200;
const REATTACHED = 1000;
const IDLE_SECONDS = 15;
const CLOCK_TICKS = 100;

interface Agent {
  process: ResultPromise;
  id: string;
  port: number;
}

function rssKiB(pid: number): number {
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

async function until(what: string, check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`bench: gave up after ${ms} ms waiting until ${what}`);
    await sleep(10);
  }
}

async function startAgent(ctx: BenchContext, master: FakeMaster, workDir: string, port: number): Promise<Agent> {
  const seen = master.registrations.length;
  const child = execa(
    ctx.bin.replace(/mesos-containerizer$/, 'mesos-agent'),
    [
      `--master=${master.address}`,
      `--work_dir=${workDir}`,
      `--runtime_dir=${join(ctx.runtimeDir, 'agent')}`,
      `--cgroups_root=${ctx.cgroupsRoot}-agent`,
      `--port=${port}`,
      '--resources=cpus:1000;mem:1000000',
      '--log_level=warn',
    ],
    { reject: false, stdin: 'ignore', stdout: 'ignore', stderr: 'inherit', env: { NODE_EXTRA_CA_CERTS: '' } },
  );
  await until('the agent registers', () => {
    if (child.exitCode !== null) throw new Error(`bench: the agent exited (${child.exitCode})`);
    return master.registrations.slice(seen).some((r) => r.port === port);
  }, 30_000);
  return { process: child, id: master.registrations.at(-1)!.agentId, port };
}

async function stopAgent(agent: Agent): Promise<void> {
  agent.process.kill('SIGKILL');
  await agent.process;
}

const trueTask = (master: FakeMaster, agentId: string, id: string) =>
  master.commandTask(agentId, id, '', { command: { value: '/bin/true', shell: false, arguments: ['true'] }, resources: [] });
const sleepTask = (master: FakeMaster, agentId: string, id: string) =>
  master.commandTask(agentId, id, '', { command: { value: '/bin/sleep', shell: false, arguments: ['sleep', '100000'] }, resources: [] });

/** Tasks per second, and the agent's own CPU time per task (ms), which the machine's other load does not change. */
async function burst(master: FakeMaster, agent: Agent, prefix: string, count: number): Promise<{ rate: number; cpuMs: number }> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const ticks = cpuTicks(agent.process.pid!);
  const start = nowMs();
  for (const id of ids) void master.runTask(agent.id, trueTask(master, agent.id, id));
  await until(`${count} tasks finish`, () => ids.every((id) => master.states(id).includes('TASK_FINISHED')), 120_000);
  return { rate: count / ((nowMs() - start) / 1000), cpuMs: ((cpuTicks(agent.process.pid!) - ticks) * 1000) / CLOCK_TICKS / count };
}

function peerLaunchesPerSecond(argv: string[], count: number): number {
  const start = nowMs();
  for (let i = 0; i < count; i++) {
    const r = spawnSync(argv[0]!, argv.slice(1), { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status ?? r.signal}`);
  }
  return count / ((nowMs() - start) / 1000);
}

async function killAll(master: FakeMaster, agent: Agent, ids: string[]): Promise<void> {
  for (const id of ids) void master.killTask(agent.id, id, 0);
  await until('every task is killed', () => ids.every((id) => master.statuses(id).some((s) => isTerminal(s.state))), 180_000);
}

export async function benchAgent(ctx: BenchContext): Promise<void> {
  const master = new FakeMaster();
  await master.start();
  const port = await freePort();
  const rows: string[] = [];
  let agent: Agent | undefined;
  try {
    for (const [where, workDir] of [['tmpfs', join(ctx.root, 'agent')], ['disk (ext4 here)', join(ctx.diskWorkDir, '..', 'agent')]] as const) {
      agent = await startAgent(ctx, master, workDir, port);
      await burst(master, agent, `warm-${where}`, 50);
      const { rate, cpuMs } = await burst(master, agent, `burst-${where}`, BURST);
      rows.push(`| ${BURST} x /bin/true through the agent, checkpoint on ${where} | ${rate.toFixed(0)} tasks/s | RUN_TASK to TASK_FINISHED at the master, acknowledged; the agent's CPU ${cpuMs.toFixed(2)} ms per task (target 200/s) |`);
      await stopAgent(agent);
      agent = undefined;
    }
    const bwrap = ['bwrap', '--bind', '/', '/', '--unshare-pid', '--proc', '/proc', '/bin/true'];
    if (ctx.peers.bwrap) rows.push(`| bwrap, one after another | ${peerLaunchesPerSecond(bwrap, 200).toFixed(0)} launches/s | ${bwrap.join(' ')} |`);
    if (ctx.peers.crun) {
      const bundle = ctx.peers.bundle('crun-agent-true', ['/bin/true']);
      let n = 0;
      const start = nowMs();
      for (; n < 100; n++) {
        const r = spawnSync(ctx.peers.inNamespace(['crun', '--root', join(ctx.peers.stateDir, 'crun'), 'run', '--bundle', bundle, `ca-${n}`])[0]!, ctx.peers.inNamespace(['crun', '--root', join(ctx.peers.stateDir, 'crun'), 'run', '--bundle', bundle, `ca-${n}`]).slice(1), { stdio: 'ignore' });
        if (r.status !== 0) throw new Error(`crun run exited ${r.status}`);
      }
      rows.push(`| crun run, one after another | ${(n / ((nowMs() - start) / 1000)).toFixed(0)} launches/s | through nsenter |`);
    }

    // Memory: the agent's own growth per running task.
    agent = await startAgent(ctx, master, join(ctx.root, 'agent-memory'), port);
    await burst(master, agent, 'mem-warm', 50);
    await sleep(1000);
    const before = rssKiB(agent.process.pid!);
    const sleepers = Array.from({ length: RUNNING_FOR_MEMORY }, (_, i) => `sleeper-${i}`);
    for (const id of sleepers) void master.runTask(agent.id, sleepTask(master, agent.id, id));
    await until('the sleepers run', () => sleepers.every((id) => master.states(id).includes('TASK_RUNNING')), 120_000);
    await sleep(1000);
    const after = rssKiB(agent.process.pid!);
    rows.push(`| agent memory per running task | ${((after - before) / RUNNING_FOR_MEMORY / 1024).toFixed(3)} MiB | RSS ${(before / 1024).toFixed(1)} -> ${(after / 1024).toFixed(1)} MiB with ${RUNNING_FOR_MEMORY} sleeping tasks (target < 0.5) |`);
    await killAll(master, agent, sleepers);
    await stopAgent(agent);

    // Idle cost of re-attached containers: kill -9, restart, then nothing happens.
    agent = await startAgent(ctx, master, join(ctx.root, 'agent-idle'), port);
    const idle = Array.from({ length: REATTACHED }, (_, i) => `idle-${i}`);
    for (const id of idle) void master.runTask(agent.id, sleepTask(master, agent.id, id));
    await until(`${REATTACHED} sleepers run`, () => idle.every((id) => master.states(id).includes('TASK_RUNNING')), 300_000);
    await stopAgent(agent);
    agent = await startAgent(ctx, master, join(ctx.root, 'agent-idle'), port);
    await sleep(2000);
    const ticks = cpuTicks(agent.process.pid!);
    const start = nowMs();
    await sleep(IDLE_SECONDS * 1000);
    const share = (cpuTicks(agent.process.pid!) - ticks) / CLOCK_TICKS / ((nowMs() - start) / 1000);
    rows.push(`| idle agent, ${REATTACHED} re-attached sleeping containers | ${(share * 100).toFixed(2)} % of a core | over ${IDLE_SECONDS} s after a kill -9 and restart (target < 2 %); RSS ${(rssKiB(agent.process.pid!) / 1024).toFixed(1)} MiB |`);
    await killAll(master, agent, idle);
  } finally {
    if (agent) await stopAgent(agent).catch(() => undefined);
    await master.close();
    for (const hierarchy of ['/sys/fs/cgroup/unified', '/sys/fs/cgroup/freezer', '/sys/fs/cgroup/memory', '/sys/fs/cgroup/cpu,cpuacct']) {
      try {
        rmdirSync(join(hierarchy, `${ctx.cgroupsRoot}-agent`));
      } catch {
        // not there
      }
    }
  }
  console.log('\n## mesos-agent\n');
  console.log('| what | figure | how |');
  console.log('|---|---|---|');
  for (const row of rows) console.log(row);
}
