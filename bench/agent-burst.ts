// A quick burst through one agent, alone (not part of npm run bench): for
// profiling the agent's CPU per task. PROFILE=dir passes --cpu-prof to it.
//   node --import=tsx bench/agent-burst.ts [count] [runs]
import { mkdtempSync, readFileSync, rmSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { execa } from 'execa';

import { FakeMaster } from '../test/helpers/fake-master.js';
import { freePort } from '../test/helpers/free-port.js';

const count = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 1);
const root = mkdtempSync('/dev/shm/ap-burst-');
const cgroupsRoot = `ap-burst-${process.pid}`;

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function until(what: string, check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}`);
    await sleep(5);
  }
}

const master = new FakeMaster();
await master.start();
const port = await freePort();
const profile = process.env.PROFILE;
const agentMain = process.env.AGENT_BIN ?? new URL('../bin/mesos-agent', import.meta.url).pathname;
const child = execa('node', [
  ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
  agentMain,
  `--master=${master.address}`, `--work_dir=${join(root, 'work')}`, `--runtime_dir=${join(root, 'run')}`,
  `--cgroups_root=${cgroupsRoot}`, `--port=${port}`, '--resources=cpus:1000;mem:1000000', '--log_level=warn',
], { reject: false, stdin: 'ignore', stdout: 'ignore', stderr: 'inherit', env: { NODE_EXTRA_CA_CERTS: '' }, extendEnv: true });
try {
  await until('registered', () => master.registrations.some((r) => r.port === port), 30_000);
  const agentId = master.registrations.at(-1)!.agentId;
  const task = (id: string) => master.commandTask(agentId, id, '', { command: { value: '/bin/true', shell: false, arguments: ['true'] }, resources: [] });
  const burst = async (prefix: string, n: number) => {
    const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
    const ticks = cpuTicks(child.pid!);
    const start = performance.now();
    for (const id of ids) void master.runTask(agentId, task(id));
    await until(`${n} finish`, () => ids.every((id) => master.states(id).includes('TASK_FINISHED')), 300_000);
    const s = (performance.now() - start) / 1000;
    return { rate: n / s, cpuMs: ((cpuTicks(child.pid!) - ticks) * 10) / n };
  };
  await burst('warm', 50);
  for (let r = 0; r < runs; r++) {
    const { rate, cpuMs } = await burst(`b${r}`, count);
    console.log(`burst ${count}: ${rate.toFixed(0)} tasks/s, agent CPU ${cpuMs.toFixed(2)} ms/task`);
  }
} finally {
  child.kill('SIGTERM');
  await child;
  await master.close();
  rmSync(root, { recursive: true, force: true });
  for (const h of ['/sys/fs/cgroup/unified', '/sys/fs/cgroup/freezer', '/sys/fs/cgroup/memory', '/sys/fs/cgroup/cpu,cpuacct']) {
    try { rmdirSync(join(h, cgroupsRoot)); } catch { /* not there */ }
  }
}
