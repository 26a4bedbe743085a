// mesos-agent: runs each command task of its master in a container, acts as
// the task's command executor, reports every state change through the
// status update manager, and keeps its checkpoint so that a restart loses
// neither a task nor an update. This file holds the agent's parts together;
// master-messages.ts, run-task.ts, task-messages.ts and shutdown.ts act on
// the master's messages, recovery.ts is the restart, http/ the endpoints,
// master-link.ts the registration.
import { mkdir } from 'node:fs/promises';

import { errnoCode, messageOf } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { AgentInfo } from '../mesos/agent-info.js';
import { toMaster } from '../mesos/wire/messages.js';
import { MASTER_MESSAGE_PATH, addressUrl } from '../mesos/wire/protocol.js';
import type { StatusUpdate } from '../mesos/wire/status-update.js';
import type { ToAgent } from '../mesos/wire/to-agent.js';
import type { ToMaster } from '../mesos/wire/to-master.js';
import type { Hook } from '../modules/hook.js';
import { VERSION } from '../version.js';
import { MetaWriter } from './checkpoint/meta-writer.js';
import { readCheckpoint } from './checkpoint/meta-reader.js';
import { recover } from './recovery.js';
import type { AgentConfig } from './config.js';
import { ContainerizerAdapter } from './containerizer-adapter.js';
import { LaunchSlots } from './executor/launch-slots.js';
import { AgentGc } from './gc/agent-gc.js';
import { DiskWatch } from './gc/disk-watch.js';
import { LiveDirs } from './gc/live-dirs.js';
import { scheduleLeftovers } from './gc/recovery-scan.js';
import type { RunnerHost, TaskRunner } from './executor/task-runner.js';
import { handleMessage } from './master-messages.js';
import { MasterLink } from './master-link.js';
import { AgentMetrics } from './metrics.js';
import { AgentPaths } from './paths.js';
import { reregistration } from './reregistration.js';
import { StatusReporter } from './status-reporter.js';
import { StatusUpdateManager } from './status-updates/manager.js';
import type { AgentTask } from './task-table.js';
import { TaskTable } from './task-table.js';

export interface Reply {
  status: number;
  body?: unknown;
}

export class Agent {
  readonly metrics = new AgentMetrics();
  /** The live tasks' sandboxes and checkpoint run directories: never collected. */
  private readonly liveDirs = new LiveDirs();
  private readonly heldDirs = new WeakMap<AgentTask, string[]>();
  readonly table = new TaskTable({
    added: (task) => {
      const dirs = this.dirsOf(task);
      this.heldDirs.set(task, dirs);
      this.liveDirs.add(dirs);
    },
    removed: (task) => {
      this.liveDirs.remove(this.heldDirs.get(task) ?? []);
      this.heldDirs.delete(task);
    },
  });
  readonly paths: AgentPaths;
  readonly meta: MetaWriter;
  readonly containers: ContainerizerAdapter;
  readonly sum: StatusUpdateManager;
  readonly reporter: StatusReporter;
  readonly link: MasterLink;
  /** Ended tasks' directories, removed gc_delay after (gc/). */
  readonly gc: AgentGc;
  readonly diskWatch: DiskWatch;
  readonly runners = new Map<string, TaskRunner>();
  /** Tasks start a few at a time, in the order they came (see launch-slots.ts). */
  readonly starting = new LaunchSlots(8);
  readonly logger: Logger;
  agentId: string | undefined;
  /** Until recovery is over, the master's messages get 503. */
  recovered = false;
  /** The FrameworkInfo last checkpointed, by framework id. */
  readonly frameworksCheckpointed = new Map<string, string>();
  stopping = false;

  constructor(
    readonly config: AgentConfig,
    hooks: readonly Hook[] = [],
    /** How the agent ends itself (SHUTDOWN_AGENT). */
    readonly exit: (code: number) => void = (code) => process.exit(code),
  ) {
    this.logger = config.logger;
    this.paths = new AgentPaths(config.workDir);
    this.meta = new MetaWriter(this.paths);
    this.containers = new ContainerizerAdapter(config.containerizer);
    this.sum = new StatusUpdateManager({
      retryMinMs: config.statusUpdateRetryMinMs,
      retryMaxMs: config.statusUpdateRetryMaxMs,
      forward: (update) => this.forward(update),
      logger: this.logger,
    });
    this.reporter = new StatusReporter({ sum: this.sum, paths: this.paths, agentId: () => this.agentId!, hooks, metrics: this.metrics, logger: this.logger });
    this.gc = new AgentGc({ paths: this.paths, gcDelayMs: config.gcDelayMs, inUse: (path) => this.liveDirs.holds(path), logger: this.logger });
    this.diskWatch = new DiskWatch({
      workDir: config.workDir,
      intervalMs: config.diskWatchIntervalMs,
      gcDelayMs: config.gcDelayMs,
      headroom: config.gcDiskHeadroom,
      collector: this.gc.collector,
      logger: this.logger,
    });
    this.link = new MasterLink({
      url: addressUrl({ ip: config.master.host, port: config.master.port }, MASTER_MESSAGE_PATH),
      backoffFactorMs: config.registrationBackoffFactorMs,
      defaultPingTimeoutMs: config.masterPingTimeoutMs,
      registration: () => this.registration(),
      onDisconnected: () => this.sum.pause(),
      logger: this.logger,
    });
  }

  agentInfo(): AgentInfo {
    return {
      hostname: this.config.hostname,
      port: this.config.port,
      resources: this.config.resources,
      ...(this.agentId !== undefined && { id: { value: this.agentId } }),
    };
  }

  private registration(): ToMaster {
    const address = { ip: this.config.ip, port: this.config.port, hostname: this.config.hostname };
    if (this.agentId === undefined) return toMaster('REGISTER_AGENT', { agent_info: this.agentInfo(), address, agent_version: VERSION });
    return toMaster('REREGISTER_AGENT', reregistration(this, address));
  }

  private forward(update: StatusUpdate): void {
    if (this.link.state !== 'registered') return;
    const task = this.table.get(update.framework_id.value, update.status.task_id.value);
    void this.link.send(toMaster('STATUS_UPDATE', { update: { ...update, ...(task && { latest_state: task.state }) } }));
  }

  /** One message from the master (master-messages.ts). Its work goes on after the answer. */
  handle(message: ToAgent): Reply {
    return handleMessage(this, message);
  }

  runnerHost(): RunnerHost {
    return { containers: this.containers, report: (task, change) => this.reporter.report(task, change), logger: this.logger };
  }

  /** A live task's sandbox and checkpoint run directory. */
  private dirsOf(task: AgentTask): string[] {
    if (!task.sandbox || this.agentId === undefined) return task.sandbox ? [task.sandbox] : [];
    return [task.sandbox, this.paths.runDir({ agentId: this.agentId, frameworkId: task.frameworkId, executorId: task.executorId, containerId: task.containerId })];
  }

  /** Forgets an ended container's run-directory entry (its sandbox stays until collected). */
  async forgetContainer(containerId: string): Promise<void> {
    await this.containers.forget(containerId).catch((error) => {
      // Never launched (a launch that failed early), or forgotten already: nothing to forget.
      if (errnoCode(error) !== 'UNKNOWN_CONTAINER') this.logger.warn({ container: containerId, err: messageOf(error) }, 'cannot forget an ended container');
    });
  }

  /** Recovers the checkpoint, then registers. */
  async start(): Promise<void> {
    await mkdir(this.config.workDir, { recursive: true, mode: 0o755 }).catch((cause) => {
      throw new Error(`cannot create --work_dir '${this.config.workDir}': ${messageOf(cause)}`, { cause });
    });
    const checkpoint = await readCheckpoint(this.paths, this.config.strict);
    await recover(this, checkpoint);
    const live = new Set(this.table.liveTasks().map((task) => task.containerId));
    await scheduleLeftovers(this.gc, [this.paths.sandboxesDir(), this.paths.agentsDir()], this.agentId, live).catch((error) =>
      this.logger.error({ err: messageOf(error) }, 'cannot look for directories to garbage collect'),
    );
    this.diskWatch.start();
    this.recovered = true;
    this.link.register(this.agentId === undefined ? 'start-up' : 'start-up after recovery');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.link.close();
    this.diskWatch.stop();
    await this.gc.close();
    await this.sum.close();
    this.containers.close();
  }
}
