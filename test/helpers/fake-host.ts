// A recording fake of the host (src/host/host.ts), after youki's Syscall
// fake: a process table with parents, pid namespaces and subreapers,
// cgroups, signals, mounts and a fake init stub. Every action the
// containerizer takes on the host is appended to `calls`, so tests can
// assert what was done and in which order. The run directory stays a real
// directory: the records, the claim and the flock are the code under test.
import type { CgroupRef } from '../../src/cgroups/cgroup.js';
import type { CgroupMount } from '../../src/cgroups/mounts.js';
import type { Host, HostCgroups } from '../../src/host/host.js';
import type { ForkRequest, ForkedContainer } from '../../src/launcher/linux-launcher.js';
import type { ProcessIdentity } from '../../src/proc/identity.js';
import type { SignalOutcome } from '../../src/proc/pidfd-signal.js';
import type { ProcStat } from '../../src/proc/stat.js';
import { startFakeStub } from './fake-stub.js';

export type Exit = { exit_code: number; signal: null } | { exit_code: null; signal: number };

export interface FakeProcess {
  pid: number;
  startTime: number;
  ppid: number;
  comm: string;
  state: 'S' | 'T';
  /** cgroup path (a key of the fake hierarchy), if any. */
  cgroup?: string;
  /** pid namespace inode; a process with `nsInit` is its pid 1. */
  pidns?: number;
  nsInit?: boolean;
  subreaper?: boolean;
  /** Does not die of SIGKILL (a process stuck in the kernel, say). */
  immortal?: boolean;
  onExit?: (exit: Exit) => void;
}

export const CGROUP_V2 = '/fake/cgroup/unified';
export const CGROUP_V1_FREEZER = '/fake/cgroup/freezer';

export class FakeHost implements Host {
  readonly calls: string[] = [];
  readonly processes = new Map<number, FakeProcess>();
  readonly cgroupDirs = new Set<string>();
  readonly frozen = new Set<string>();
  readonly mountTable: string[] = [];
  cgroupMounts: CgroupMount[] = [
    { version: 2, mountPoint: CGROUP_V2, controllers: [] },
    { version: 1, mountPoint: CGROUP_V1_FREEZER, controllers: ['freezer'] },
  ];
  boot = 'boot-1';
  root = true;
  /** Whether cgroups can be frozen. */
  freezable = true;
  /** How the next stub behaves. */
  stubBehaviour: 'normal' | 'exec-fails' = 'normal';
  private offset = 0;
  private nextPid = 100;
  private nextNs = 4026531000;
  private readonly selfProcess: FakeProcess;

  constructor() {
    this.processes.set(1, { pid: 1, startTime: 1, ppid: 0, comm: 'init', state: 'S' });
    this.selfProcess = this.spawn({ ppid: 1, comm: 'node' });
  }

  // ---- the fake's own controls -------------------------------------------

  /** Moves the clock forward (gc ages). */
  advance(ms: number): void {
    this.offset += ms;
  }

  spawn(options: Partial<FakeProcess> & { ppid: number; comm: string }): FakeProcess {
    const pid = this.nextPid++;
    const process: FakeProcess = { pid, startTime: 1000 + pid, state: 'S', ...options };
    this.processes.set(pid, process);
    return process;
  }

  newPidNamespace(): number {
    return this.nextNs++;
  }

  alive(pid: number): boolean {
    return this.processes.has(pid);
  }

  /** The process ends: orphans go to the nearest subreaper, a namespace with its pid 1. */
  exit(pid: number, exit: Exit): void {
    const process = this.processes.get(pid);
    if (!process) return;
    this.processes.delete(pid);
    if (process.nsInit) {
      for (const member of [...this.processes.values()]) if (member.pidns === process.pidns) this.exit(member.pid, { exit_code: null, signal: 9 });
    }
    for (const orphan of this.processes.values()) {
      if (orphan.ppid === pid) orphan.ppid = this.reaperFor(process.ppid);
    }
    process.onExit?.(exit);
  }

  private reaperFor(pid: number): number {
    for (let p = this.processes.get(pid); p; p = this.processes.get(p.ppid)) {
      if (p.subreaper || p.pid === 1) return p.pid;
    }
    return 1;
  }

  inCgroup(path: string): FakeProcess[] {
    return [...this.processes.values()].filter((p) => p.cgroup !== undefined && (p.cgroup === path || p.cgroup.startsWith(`${path}/`)));
  }

  // ---- Host ----------------------------------------------------------------

  now(): number {
    return Date.now() + this.offset;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  bootId(): string {
    return this.boot;
  }

  isRoot(): boolean {
    return this.root;
  }

  self(): ProcessIdentity {
    return { pid: this.selfProcess.pid, startTime: this.selfProcess.startTime };
  }

  stat(pid: number): ProcStat | undefined {
    const p = this.processes.get(pid);
    return p && { pid, comm: p.comm, state: p.state, ppid: p.ppid, startTime: p.startTime };
  }

  pids(): number[] {
    return [...this.processes.keys()];
  }

  childrenOf(pid: number): number[] {
    return [...this.processes.values()].filter((p) => p.ppid === pid).map((p) => p.pid);
  }

  async signal(identity: ProcessIdentity, signal: NodeJS.Signals): Promise<SignalOutcome> {
    const p = this.processes.get(identity.pid);
    if (!p || p.startTime !== identity.startTime) {
      this.calls.push(`${signal} ${identity.pid} (gone)`);
      return 'gone';
    }
    this.calls.push(`${signal} ${identity.pid} ${p.comm}`);
    if (signal === 'SIGSTOP') p.state = 'T';
    if (signal === 'SIGCONT') p.state = 'S';
    if (signal === 'SIGKILL' && !p.immortal) this.exit(p.pid, { exit_code: null, signal: 9 });
    return 'sent';
  }

  readonly cgroups: HostCgroups = {
    mounts: () => this.cgroupMounts,
    create: (ref: CgroupRef) => {
      this.calls.push(`cgroup create ${ref.path}`);
      this.cgroupDirs.add(ref.path);
    },
    remove: (ref: CgroupRef) => {
      if (!this.cgroupDirs.has(ref.path)) return;
      if (this.inCgroup(ref.path).length > 0) throw Object.assign(new Error(`cannot remove cgroup ${ref.path}: EBUSY`), { code: 'CGROUP_REMOVE_FAILED' });
      this.calls.push(`cgroup remove ${ref.path}`);
      this.cgroupDirs.delete(ref.path);
    },
    exists: (ref: CgroupRef) => this.cgroupDirs.has(ref.path),
    processes: (ref: CgroupRef) => this.inCgroup(ref.path).map((p) => p.pid),
    children: (path: string) => [...this.cgroupDirs].filter((dir) => dir.startsWith(`${path}/`) && !dir.slice(path.length + 1).includes('/')),
    freeze: async (ref: CgroupRef) => {
      if (!this.freezable || !this.cgroupDirs.has(ref.path)) return false;
      this.calls.push(`cgroup freeze ${ref.path}`);
      this.frozen.add(ref.path);
      return true;
    },
    thaw: (ref: CgroupRef) => {
      if (!this.frozen.delete(ref.path)) return;
      this.calls.push(`cgroup thaw ${ref.path}`);
    },
    killAtOnce: (ref: CgroupRef) => {
      if (ref.version !== 2 || !this.cgroupDirs.has(ref.path)) return false;
      this.calls.push(`cgroup.kill ${ref.path}`);
      for (const p of this.inCgroup(ref.path)) if (!p.immortal) this.exit(p.pid, { exit_code: null, signal: 9 });
      return true;
    },
    kill: async (ref: CgroupRef) => {
      const members = this.inCgroup(ref.path);
      if (members.length === 0) return;
      this.calls.push(`cgroup sweep ${ref.path}`);
      for (const p of members) if (!p.immortal) this.exit(p.pid, { exit_code: null, signal: 9 });
      const left = this.inCgroup(ref.path);
      if (left.length > 0) {
        throw Object.assign(new Error(`processes in cgroup ${ref.path} did not die: ${left.map((p) => p.pid).join(', ')}`), { code: 'CGROUP_KILL_TIMEOUT' });
      }
    },
  };

  mountsUnder(prefix: string): string[] {
    return this.mountTable.filter((m) => m === prefix || m.startsWith(`${prefix}/`)).reverse();
  }

  async unmount(mountPoint: string): Promise<void> {
    this.calls.push(`unmount ${mountPoint}`);
    this.mountTable.splice(this.mountTable.indexOf(mountPoint), 1);
  }

  spawnStub(request: ForkRequest): Promise<ForkedContainer> {
    this.calls.push(`spawn stub ${request.containerId}`);
    return startFakeStub(this, request);
  }
}
