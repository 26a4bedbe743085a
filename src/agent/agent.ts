// mesos-agent: runs each command task of its master in a container, acts as
// the task's command executor, reports every state change through the
// status update manager, and keeps its checkpoint so that a restart loses
// neither a task nor an update. (recovery.ts: the restart; http/: its
// endpoints; master-link.ts: registration.)
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';

import { messageOf } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { AgentInfo } from '../mesos/agent-info.js';
import { gracePeriodMs } from '../mesos/task-info.js';
import { isTerminal } from '../mesos/task-state.js';
import { uuidText } from '../mesos/uuid.js';
import { toMaster } from '../mesos/wire/messages.js';
import { MASTER_MESSAGE_PATH, addressUrl } from '../mesos/wire/protocol.js';
import type { StatusUpdate } from '../mesos/wire/status-update.js';
import type { Reconciliation, RunTask, ToAgent } from '../mesos/wire/to-agent.js';
import type { ToMaster } from '../mesos/wire/to-master.js';
import type { Hook } from '../modules/hook.js';
import { VERSION } from '../version.js';
import type { Admission } from './admit-task.js';
import { admitTask } from './admit-task.js';
import { MetaWriter } from './checkpoint/meta-writer.js';
import { readCheckpoint } from './checkpoint/meta-reader.js';
import { recover } from './recovery.js';
import type { AgentConfig } from './config.js';
import { ContainerizerAdapter } from './containerizer-adapter.js';
import { launchRequest } from './executor/launch-request.js';
import { LaunchSlots } from './executor/launch-slots.js';
import { TaskRunner } from './executor/task-runner.js';
import { MasterLink } from './master-link.js';
import { AgentMetrics } from './metrics.js';
import { AgentPaths, checkPathComponent } from './paths.js';
import { reregistration } from './reregistration.js';
import type { StatusChange } from './status-reporter.js';
import { StatusReporter } from './status-reporter.js';
import { StatusUpdateManager } from './status-updates/manager.js';
import type { AgentTask, Framework } from './task-table.js';
import { TaskTable, taskKey } from './task-table.js';

export interface Reply {
  status: number;
  body?: unknown;
}

export class Agent {
  readonly metrics = new AgentMetrics();
  readonly table = new TaskTable();
  readonly paths: AgentPaths;
  readonly meta: MetaWriter;
  readonly containers: ContainerizerAdapter;
  readonly sum: StatusUpdateManager;
  readonly reporter: StatusReporter;
  readonly link: MasterLink;
  readonly runners = new Map<string, TaskRunner>();
  /** Tasks start a few at a time, in the order they came (see launch-slots.ts). */
  private readonly starting = new LaunchSlots(8);
  readonly logger: Logger;
  agentId: string | undefined;
  /** Until recovery is over, the master's messages get 503. */
  recovered = false;
  /** The FrameworkInfo last checkpointed, by framework id. */
  private readonly frameworksCheckpointed = new Map<string, string>();
  private stopping = false;

  constructor(
    readonly config: AgentConfig,
    hooks: readonly Hook[] = [],
    private readonly exit: (code: number) => void = (code) => process.exit(code),
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

  /** One message from the master. Its work goes on after the answer. */
  handle(message: ToAgent): Reply {
    if (!this.recovered) return { status: 503, body: 'the agent is still recovering its checkpoint; try again' };
    if (this.stopping) return { status: 503, body: 'the agent is shutting down' };
    switch (message.type) {
      case 'AGENT_REGISTERED':
        return this.onRegistered(message.master_id, message.agent_registered.agent_id.value, message.agent_registered.connection?.total_ping_timeout_seconds);
      case 'AGENT_REREGISTERED':
        return this.onReregistered(message);
      case 'PING':
        return this.onPing(message.master_id, message.ping.connected);
      default:
        break;
    }
    if (message.master_id !== this.link.masterId || this.link.state !== 'registered') {
      this.link.register(`a ${message.type} came from master run ${message.master_id}, this agent is registered with ${this.link.masterId ?? 'none'}`);
      return { status: 409, body: `this agent is not registered with master run ${message.master_id}; it is registering again` };
    }
    this.link.heard();
    switch (message.type) {
      case 'RUN_TASK':
        this.runTask(message.run_task);
        break;
      case 'KILL_TASK':
        this.killTask(message.kill_task.framework_id.value, message.kill_task.task_id.value, gracePeriodMs(message.kill_task.kill_policy));
        break;
      case 'STATUS_UPDATE_ACKNOWLEDGEMENT': {
        const ack = message.status_update_acknowledgement;
        if (ack.agent_id.value !== this.agentId) return { status: 400, body: `the acknowledgement is for agent ${ack.agent_id.value}, this is ${this.agentId}` };
        void this.acknowledge(ack.framework_id.value, ack.task_id.value, ack.uuid);
        break;
      }
      case 'SHUTDOWN_FRAMEWORK':
        void this.shutdownFramework(message.shutdown_framework.framework_id.value);
        break;
      case 'SHUTDOWN_AGENT':
        void this.shutdown(message.shutdown_agent.message);
        break;
    }
    return { status: 202 };
  }

  private onRegistered(masterId: string, agentId: string, pingTimeoutSeconds: number | undefined): Reply {
    if (this.link.state === 'registered' && this.link.masterId === masterId) return { status: 202 }; // the answer to a retry
    if (this.link.state !== 'registering') return { status: 409, body: 'this agent did not ask to register' };
    try {
      checkPathComponent('agent id', agentId); // it names directories
    } catch (error) {
      return { status: 400, body: messageOf(error) };
    }
    if (this.agentId !== undefined && this.agentId !== agentId) {
      this.logger.error({ ours: this.agentId, theirs: agentId }, 'the master registered this agent under another id; it must re-register instead');
      return { status: 409, body: `this agent is ${this.agentId}: it re-registers, it does not register as ${agentId}` };
    }
    if (this.agentId === undefined) {
      this.agentId = agentId;
      try {
        this.meta.agent({ ...this.agentInfo(), id: { value: agentId } });
      } catch (error) {
        this.logger.error({ err: messageOf(error) }, 'cannot checkpoint the agent id: a restart will register as a new agent');
      }
    }
    this.logger.info({ agent: agentId, master: masterId }, 'registered with the master');
    this.link.registered(masterId, pingTimeoutSeconds);
    this.sum.resume();
    return { status: 202 };
  }

  private onReregistered(message: Extract<ToAgent, { type: 'AGENT_REREGISTERED' }>): Reply {
    const answer = message.agent_reregistered;
    if (answer.agent_id.value !== this.agentId) return { status: 409, body: `this agent is ${this.agentId ?? '(none yet)'}, not ${answer.agent_id.value}` };
    if (this.link.state === 'registered' && this.link.masterId === message.master_id) return { status: 202 };
    this.logger.info({ agent: this.agentId, master: message.master_id }, 're-registered with the master');
    this.link.registered(message.master_id, answer.connection?.total_ping_timeout_seconds);
    this.reconcile(answer.reconciliations);
    this.sum.resume();
    return { status: 202 };
  }

  private onPing(masterId: string, connected: boolean): Reply {
    const ours = masterId === this.link.masterId && this.link.state === 'registered';
    if (ours && connected) this.link.heard();
    else if (ours || this.link.state !== 'registering') this.link.register(ours ? 'the master does not count this agent as connected' : `a PING from a new master run (${masterId})`);
    return {
      status: 200,
      body: { version: 1, type: 'PONG', pong: { ...(this.agentId !== undefined && { agent_id: { value: this.agentId } }), registered: ours && connected } },
    };
  }

  /** The master's list of tasks it believes are here that we did not report: the unknown ones are lost. */
  private reconcile(reconciliations: Reconciliation[]): void {
    for (const { framework_id: frameworkId, statuses } of reconciliations) {
      for (const status of statuses) {
        if (this.table.get(frameworkId.value, status.task_id.value) || this.table.isCompleted(frameworkId.value, status.task_id.value)) continue;
        void this.reportUnknown(frameworkId.value, status.task_id.value, {
          state: 'TASK_LOST',
          source: 'SOURCE_AGENT',
          reason: 'REASON_RECONCILIATION',
          message: 'Reconciliation: task unknown to the agent',
        });
      }
    }
  }

  /** An update for a task the agent does not hold (not checkpointed: nothing of it is here). */
  private reportUnknown(frameworkId: string, taskId: string, change: StatusChange): Promise<void> {
    return this.reporter.report(this.transientTask(frameworkId, taskId), change).catch((error) => this.logger.error({ task: taskId, err: messageOf(error) }, 'cannot report a task the agent does not know'));
  }

  private transientTask(frameworkId: string, taskId: string): AgentTask {
    return {
      frameworkId, taskId, executorId: taskId, containerId: '', name: taskId, info: undefined, resources: [],
      checkpoint: false, sandbox: '', state: 'TASK_STAGING', lastStatus: undefined, phase: 'ended', killRequested: false,
    };
  }

  private runTask(run: RunTask): void {
    const frameworkId = run.framework.id.value;
    const taskId = run.task.task_id.value;
    if (this.table.get(frameworkId, taskId)) {
      this.metrics.increment('slave/invalid_framework_messages');
      this.logger.warn({ framework: frameworkId, task: taskId }, 'ignoring a RUN_TASK for a task this agent already has');
      return;
    }
    const admission = admitTask(run, this.agentId!);
    const containerId = randomUUID();
    const run_ = { agentId: this.agentId!, frameworkId, executorId: taskId, containerId };
    const task: AgentTask = {
      frameworkId,
      taskId,
      executorId: taskId,
      containerId,
      name: admission.name,
      info: admission.ok ? admission.info : undefined,
      resources: admission.ok ? admission.info.resources : [],
      checkpoint: admission.framework?.checkpoint === true,
      sandbox: this.paths.sandbox(run_),
      state: 'TASK_STAGING',
      lastStatus: undefined,
      phase: 'staging',
      killRequested: false,
    };
    this.table.add(task);
    if (admission.framework) this.table.frameworks.set(frameworkId, admission.framework);
    this.metrics.increment('slave/valid_framework_messages');
    void this.starting.run(() => this.startTask(task, admission)).catch((error) => this.logger.error({ task: taskId, err: messageOf(error) }, 'starting a task failed'));
  }

  private async startTask(task: AgentTask, admission: Admission): Promise<void> {
    const run = { agentId: this.agentId!, frameworkId: task.frameworkId, executorId: task.executorId, containerId: task.containerId };
    if (task.checkpoint && admission.framework) {
      try {
        this.checkpointFramework(admission.framework);
        this.meta.task(run, task.taskId, task.info);
      } catch (error) {
        // Nothing of it can be kept: it is not started, and says so (without a checkpoint).
        task.checkpoint = false;
        task.phase = 'ended';
        await this.reporter.report(task, { state: 'TASK_FAILED', source: 'SOURCE_AGENT', reason: 'REASON_CONTAINER_LAUNCH_FAILED', message: messageOf(error) });
        return;
      }
    }
    if (!admission.ok) {
      task.phase = 'ended';
      await this.reporter.report(task, admission.refusal);
      return;
    }
    mkdirSync(task.sandbox, { recursive: true, mode: 0o755 });
    const runner = new TaskRunner(this.runnerHost(), task, this.config.killGracePeriodMs);
    this.runners.set(taskKey(task.frameworkId, task.taskId), runner);
    await runner.launch(launchRequest(task, admission.info, admission.framework, this.agentId!, this.config.switchUser));
  }

  /** framework.info, written when the framework is new here or its info changed. */
  private checkpointFramework(framework: Framework): void {
    const text = JSON.stringify(framework);
    if (this.frameworksCheckpointed.get(framework.id.value) === text) return;
    this.meta.framework(this.agentId!, framework);
    this.frameworksCheckpointed.set(framework.id.value, text);
  }

  runnerHost(): ConstructorParameters<typeof TaskRunner>[0] {
    return { containers: this.containers, report: (task, change) => this.reporter.report(task, change), logger: this.logger };
  }

  private killTask(frameworkId: string, taskId: string, graceMs: number | undefined): void {
    const task = this.table.get(frameworkId, taskId);
    if (!task && this.table.isCompleted(frameworkId, taskId)) return; // over, and acknowledged
    if (!task) {
      void this.reportUnknown(frameworkId, taskId, { state: 'TASK_LOST', source: 'SOURCE_AGENT', reason: 'REASON_TASK_UNKNOWN', message: 'Cannot find the task: it is not on this agent' });
      return;
    }
    if (isTerminal(task.state) || task.phase === 'ended') return;
    const runner = this.runners.get(taskKey(frameworkId, taskId));
    if (!runner) {
      task.killRequested = true; // still being admitted: the launch sees it
      return;
    }
    void runner.kill(graceMs ?? gracePeriodMs(task.info?.kill_policy) ?? this.config.killGracePeriodMs);
  }

  private async acknowledge(frameworkId: string, taskId: string, uuid: string): Promise<void> {
    const result = await this.sum.acknowledge(frameworkId, taskId, uuid).catch((error) => {
      this.logger.error({ task: taskId, err: messageOf(error) }, 'cannot record an acknowledgement');
      return undefined;
    });
    if (!result) return;
    if (result.outcome !== 'ok') {
      this.metrics.increment('slave/status_update_acknowledgements_ignored');
      this.logger.info({ task: taskId, uuid: uuidText(uuid), outcome: result.outcome }, 'ignoring a status update acknowledgement');
      return;
    }
    if (!result.terminated) return;
    const task = this.table.get(frameworkId, taskId);
    if (!task) return;
    this.table.complete(task);
    this.runners.delete(taskKey(frameworkId, taskId));
    if (task.containerId) void this.forgetContainer(task.containerId);
  }

  async forgetContainer(containerId: string): Promise<void> {
    if (!this.containers.status(containerId)) return;
    await this.containers.forget(containerId).catch((error) => this.logger.warn({ container: containerId, err: messageOf(error) }, 'cannot forget an ended container'));
  }

  /** The framework is gone: its tasks end without updates, and are forgotten. */
  private async shutdownFramework(frameworkId: string): Promise<void> {
    this.logger.info({ framework: frameworkId }, 'shutting down a framework');
    const tasks = this.table.ofFramework(frameworkId);
    await this.sum.cleanup(frameworkId);
    for (const task of tasks) {
      task.silent = true;
      this.table.remove(task);
    }
    await Promise.all(tasks.map((task) => this.runners.get(taskKey(frameworkId, task.taskId))?.destroy()));
    for (const task of tasks) this.runners.delete(taskKey(frameworkId, task.taskId));
    await Promise.all(tasks.filter((t) => t.containerId).map((t) => this.forgetContainer(t.containerId)));
    this.table.frameworks.delete(frameworkId);
    if (this.agentId) await this.meta.removeFramework(this.agentId, frameworkId);
  }

  /** The master removed this agent: end every task, forget the agent id, exit. */
  private async shutdown(why: string): Promise<void> {
    this.logger.warn({ why }, 'the master shut this agent down');
    this.stopping = true;
    this.link.close();
    await this.sum.close();
    for (const task of this.table.liveTasks()) task.silent = true;
    await Promise.all([...this.runners.values()].map((runner) => runner.destroy()));
    await this.meta.forgetAgent();
    this.exit(0);
  }

  /** Recovers the checkpoint, then registers. */
  async start(): Promise<void> {
    await mkdir(this.config.workDir, { recursive: true, mode: 0o755 }).catch((cause) => {
      throw new Error(`cannot create --work_dir '${this.config.workDir}': ${messageOf(cause)}`, { cause });
    });
    const checkpoint = await readCheckpoint(this.paths, this.config.strict);
    await recover(this, checkpoint);
    this.recovered = true;
    this.link.register(this.agentId === undefined ? 'start-up' : 'start-up after recovery');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.link.close();
    await this.sum.close();
    this.containers.close();
  }
}
