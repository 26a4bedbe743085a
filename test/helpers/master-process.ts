// A real mesos-master process for a test: its own work dir, a free port,
// ended by its pid (never by name) and its work dir removed at teardown.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { onAbruptExit } from './abrupt-exit.js';

export const MASTER_BIN = new URL('../../bin/mesos-master', import.meta.url).pathname;

export interface MasterProcessOptions {
  workDir?: string;
  port?: number;
  flags?: string[];
}

export class MasterProcess {
  private exited: Promise<number | null>;
  stderr = '';
  /** Should the test process end before teardown: the master ends too, its work dir goes. */
  private readonly dropExitKill = onAbruptExit(() => {
    this.child.kill('SIGKILL');
    rmSync(this.workDir, { recursive: true, force: true });
  });

  private constructor(
    readonly child: ChildProcess,
    readonly address: string,
    readonly masterId: string,
    readonly workDir: string,
    readonly flags: string[],
  ) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once('exit', (code) => resolve(code));
    });
  }

  static async start(options: MasterProcessOptions = {}): Promise<MasterProcess> {
    const workDir = options.workDir ?? mkdtempSync('/tmp/mct-master-');
    const flags = options.flags ?? [];
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    const child = spawn(process.execPath, [MASTER_BIN, `--work_dir=${workDir}`, `--port=${options.port ?? 0}`, ...flags], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const listening = new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`mesos-master did not start within 20 s: ${stderr}`)), 20_000);
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('\n')) {
          clearTimeout(timer);
          resolve(out.split('\n')[0]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`mesos-master exited (${code}) before listening: ${stderr.trim()}`));
      });
    });
    // One that did not come up in time is not left running.
    const line = await listening.catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    });
    const match = /listening on (\S+) \(master id (\S+),/.exec(line);
    if (!match) throw new Error(`unexpected first line from mesos-master: ${line}`);
    const master = new MasterProcess(child, match[1]!, match[2]!, workDir, flags);
    child.stderr!.on('data', (chunk: string) => (master.stderr += chunk));
    master.stderr = stderr;
    return master;
  }

  get port(): number {
    return Number(this.address.split(':').pop());
  }

  url(path: string): string {
    return `http://${this.address}${path}`;
  }

  async get<T = Record<string, unknown>>(path: string): Promise<T> {
    const res = await fetch(this.url(path), { signal: AbortSignal.timeout(20_000) });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  state(): Promise<MasterState> {
    return this.get<MasterState>('/state');
  }

  metrics(): Promise<Record<string, number>> {
    return this.get<Record<string, number>>('/metrics/snapshot');
  }

  /** Stops it (SIGTERM, or SIGKILL for a crash); resolves with its exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }

  /** The same master again: same work dir, port and flags (a restart). */
  async restart(signal: NodeJS.Signals = 'SIGKILL'): Promise<MasterProcess> {
    await this.stop(signal);
    return MasterProcess.start({ workDir: this.workDir, port: this.port, flags: this.flags });
  }

  /** Ends the process and removes its work dir. */
  async teardown(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.workDir, { recursive: true, force: true });
    this.dropExitKill();
  }

  get registryFile(): string {
    return join(this.workDir, 'registry.json');
  }
}

export interface StateTask {
  id: string;
  name: string;
  framework_id: string;
  agent_id: string;
  state: string;
  status_update_state?: string;
  source?: string;
  reason?: string;
  message?: string;
  statuses: Array<{ state: string; source?: string; reason?: string; message?: string }>;
}

export interface MasterState {
  id: string;
  agents: Array<{ id: string; hostname: string; status: string; in_transition: boolean; resources: Record<string, unknown>; used_resources: Record<string, unknown>; tasks: number }>;
  frameworks: Array<{ id: string; name: string; connected: boolean; recovered: boolean; tasks: StateTask[]; completed_tasks: StateTask[]; offers: unknown[] }>;
  completed_frameworks: Array<{ id: string; tasks: StateTask[]; completed_tasks: StateTask[] }>;
}
