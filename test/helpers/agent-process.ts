// Real mesos-agent processes for tests, from bin/mesos-agent, in the
// harness's runtime dir and cgroup root, talking to a FakeMaster.
import { join } from 'node:path';

import { execa } from 'execa';
import type { ResultPromise } from 'execa';

import type { FakeMaster } from './fake-master.js';
import { freePort } from './free-port.js';
import type { Harness } from './harness.js';

export const AGENT_BIN = new URL('../../bin/mesos-agent', import.meta.url).pathname;

export interface AgentProcess {
  process: ResultPromise;
  port: number;
  url: string;
  workDir: string;
  /** Its output so far (stderr: the pino log). */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface AgentOptions {
  flags?: string[];
  env?: Record<string, string>;
  port?: number;
}

/** The flags every test agent gets; short retry intervals so that tests run in seconds. */
export function agentFlags(h: Harness, master: FakeMaster, port: number): string[] {
  return [
    `--master=${master.address}`,
    `--work_dir=${join(h.root, 'agent')}`,
    `--runtime_dir=${h.runtimeDir}`,
    `--cgroups_root=${h.cgroupsRoot}`,
    '--ip=127.0.0.1',
    `--port=${port}`,
    '--resources=cpus:2;mem:1024;disk:4096;ports:[31000-32000]',
    '--status_update_retry_interval_min=200ms',
    '--status_update_retry_interval_max=2secs',
    '--registration_backoff_factor=50ms',
    '--executor_shutdown_grace_period=2secs',
    '--log_level=info',
  ];
}

export function spawnAgent(h: Harness, master: FakeMaster, options: AgentOptions & { port: number }): AgentProcess {
  let output = '';
  const child = execa(AGENT_BIN, [...agentFlags(h, master, options.port), ...(options.flags ?? [])], {
    reject: false,
    stdin: 'ignore',
    all: true,
    env: { NODE_EXTRA_CA_CERTS: '', ...options.env },
  });
  child.all!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  h.spare(child.pid); // its command line names our directories; it is no container's
  return {
    process: child,
    port: options.port,
    url: `http://127.0.0.1:${options.port}`,
    workDir: join(h.root, 'agent'),
    output: () => output,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await child;
    },
  };
}

/** Starts an agent and waits until the master has (re-)registered it; returns it with its id. */
export async function startAgent(h: Harness, master: FakeMaster, options: AgentOptions = {}): Promise<AgentProcess & { id: string }> {
  const port = options.port ?? (await freePort());
  const seen = master.registrations.length;
  const agent = spawnAgent(h, master, { ...options, port });
  let id: string | undefined;
  await master.until(
    `the agent on port ${port} registers`,
    () => {
      if (agent.process.exitCode !== null) throw new Error(`the agent exited (${agent.process.exitCode}): ${agent.output()}`);
      id = master.registrations.slice(seen).find((r) => r.port === port)?.agentId;
      return id !== undefined;
    },
    20_000,
  );
  return { ...agent, id: id! };
}
