// Real mesos-agent processes for the master's end-to-end tests: in a test
// harness's runtime dir and cgroup root, registered with a real master.
// MESOS_AGENT_BIN points at another build of the agent when this tree has none.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { TestFn } from 'ava';

import { Cluster } from './cluster.js';
import { eventually } from './eventually.js';
import { freePort } from './free-port.js';
import { Harness, isRoot } from './harness.js';
import type { MasterProcess } from './master-process.js';

export const REAL_AGENT_BIN = process.env.MESOS_AGENT_BIN ?? new URL('../../bin/mesos-agent', import.meta.url).pathname;

/** Why the end-to-end tests cannot run here, if they cannot. */
export const cannotRunAgents: string | undefined = !isRoot ? 'they need root (real containers)' : !existsSync(REAL_AGENT_BIN) ? `there is no mesos-agent at ${REAL_AGENT_BIN}` : undefined;

export interface RealAgentOptions {
  port?: number;
  flags?: string[];
  /** The hostname it reports (default "agent"). One agent per harness: it owns the harness's runtime dir. */
  hostname?: string;
}

export class RealAgent {
  private log = '';
  private readonly exited: Promise<void>;
  id = '';

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    readonly args: string[],
  ) {
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.log += chunk));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async start(h: Harness, master: MasterProcess, options: RealAgentOptions = {}): Promise<RealAgent> {
    const port = options.port ?? (await freePort());
    const args = [
      `--master=${master.address}`,
      `--work_dir=${join(h.root, 'agent')}`,
      `--runtime_dir=${h.runtimeDir}`,
      `--cgroups_root=${h.cgroupsRoot}`,
      '--ip=127.0.0.1',
      `--port=${port}`,
      `--hostname=${options.hostname ?? 'agent'}`,
      '--resources=cpus:2;mem:1024;disk:4096;ports:[31000-32000]',
      '--status_update_retry_interval_min=200ms',
      '--status_update_retry_interval_max=2secs',
      '--registration_backoff_factor=50ms',
      '--executor_shutdown_grace_period=2secs',
      '--log_level=info',
      ...(options.flags ?? []),
    ];
    const agent = RealAgent.spawn(port, args);
    h.spare(agent.child.pid);
    await agent.registeredWith(master);
    return agent;
  }

  private static spawn(port: number, args: string[]): RealAgent {
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    return new RealAgent(spawn(process.execPath, [REAL_AGENT_BIN, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] }), port, args);
  }

  /** Waits until `master` counts this agent as registered; sets its id. */
  async registeredWith(master: MasterProcess): Promise<string> {
    const address = `127.0.0.1:${this.port}`;
    this.id = await eventually(async () => {
      if (this.child.exitCode !== null) throw new Error(`the agent exited (${this.child.exitCode}): ${this.log.slice(-2000)}`);
      return (await master.state()).agents.find((a) => (a as { address?: string }).address === address && a.status === 'registered')?.id;
    }, `the agent on port ${this.port} to be registered`);
    return this.id;
  }

  output(): string {
    return this.log;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
  }

  /** The same agent again (after kill -9): same flags, port and directories. */
  async restart(h: Harness, master: MasterProcess): Promise<RealAgent> {
    await this.kill();
    const again = RealAgent.spawn(this.port, this.args.map((a) => (a.startsWith('--master=') ? `--master=${master.address}` : a)));
    h.spare(again.child.pid);
    await again.registeredWith(master);
    return again;
  }
}

export interface EndToEndContext {
  h: Harness;
  cluster: Cluster;
  agents: RealAgent[];
}

/** A harness, a cluster and real agents per test; everything ended and checked for leaks afterwards. */
export function useEndToEnd(test: TestFn<EndToEndContext>): TestFn<EndToEndContext> {
  if (cannotRunAgents) {
    console.log(`# master end-to-end tests skipped: ${cannotRunAgents}`);
    return Object.assign(test.skip, { serial: test.skip }) as unknown as TestFn<EndToEndContext>;
  }
  test.beforeEach((t) => {
    t.context.h = new Harness();
    t.context.cluster = new Cluster();
    t.context.agents = [];
  });
  test.afterEach.always(async (t) => {
    if (!t.passed) {
      for (const agent of t.context.agents) t.log(`agent ${agent.id} log (tail):\n${agent.output().slice(-3000)}`);
      for (const framework of t.context.cluster.frameworks) t.log(`framework ${framework.id} updates: ${JSON.stringify(framework.updates.map((s) => [s.task_id.value, s.state, s.source, s.reason, s.message]))}`);
    }
    for (const agent of t.context.agents) await agent.kill();
    // The harness's teardown runs whatever happened before it: it ends the containers.
    const left = await t.context.cluster.teardown().catch((error: unknown) => [`the cluster's teardown failed: ${(error as Error).message}`]);
    const leaks = await t.context.h.teardown();
    t.deepEqual({ ...leaks, cluster: left }, { processes: [], mounts: [], cgroups: [], cluster: [] }, 'the test left something behind');
  });
  return test;
}

export async function agentFor(t: { context: EndToEndContext }, options: RealAgentOptions = {}): Promise<RealAgent> {
  const agent = await RealAgent.start(t.context.h, t.context.cluster.master, options);
  t.context.agents.push(agent);
  return agent;
}
