// An in-test agent: a small HTTP server that speaks the agent<->master wire
// (docs/agent-master-protocol.md) and does what the test says: it registers,
// re-registers (or holds back), answers PINGs (or stops), and sends the status
// updates a test wants, one in flight per task as the real agent does, until
// they are acknowledged. It runs no containers.
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { TaskState } from '../../src/mesos/task-state.js';
import { isTerminal } from '../../src/mesos/task-state.js';
import type { Reason } from '../../src/mesos/reason.js';
import type { Source } from '../../src/mesos/source.js';
import type { TaskStatus } from '../../src/mesos/task-status.js';
import { createTaskStatus } from '../../src/mesos/task-status.js';
import type { Task } from '../../src/mesos/task.js';
import { parseResources } from '../../src/mesos/resources/text.js';
import type { Resource } from '../../src/mesos/resources/resource.js';
import type { FrameworkInfo } from '../../src/mesos/framework-info.js';
import { AGENT_MESSAGE_PATH, MASTER_MESSAGE_PATH, Outbox, ToAgentSchema, receive, respond, respondAll, toMaster } from '../../src/mesos/wire/index.js';
import type { Answer, ToAgent } from '../../src/mesos/wire/index.js';

export interface FakeTask {
  taskId: string;
  frameworkId: string;
  name: string;
  resources: Resource[];
  state: TaskState;
  /** Updates not yet acknowledged, oldest (in flight) first. */
  unacknowledged: TaskStatus[];
  killed: boolean;
}

export interface FakeAgentOptions {
  master: string;
  resources?: string;
  hostname?: string;
  /** Re-register by itself when a new master id appears or a PING says connected: false (default true). */
  followMaster?: boolean;
  /** What to do with a RUN_TASK (default: report TASK_RUNNING). */
  onRunTask?: (task: FakeTask, agent: FakeAgent) => void;
  /** What to do with a KILL_TASK (default: report TASK_KILLED). */
  onKillTask?: (task: FakeTask, agent: FakeAgent) => void;
}

type MessageOf<T extends ToAgent['type']> = Extract<ToAgent, { type: T }>;

export class FakeAgent {
  id: string | undefined;
  masterId: string | undefined;
  readonly received: ToAgent[] = [];
  readonly tasks = new Map<string, FakeTask>();
  readonly frameworks = new Map<string, FrameworkInfo & { id: { value: string } }>();
  /** Updates wait in their queue instead of being sent (a partition, or a test holding them). */
  holdUpdates = false;
  /** PINGs go unanswered (the connection hangs until the master gives up). */
  silent = false;
  /** Re-registration is held back (Mesos's SlaveInTransition). */
  holdReregistration = false;
  /** RUN_TASK is answered 500 and dropped (the master cannot know whether the task arrived). */
  failRunTask = false;
  /** SHUTDOWN_FRAMEWORK is received and ignored (as if it had been lost). */
  ignoreShutdownFramework = false;
  /** RUN_TASK is received but not answered (the task stays pending at the master) until released. */
  holdRunTask = false;
  private readonly held: Array<() => void> = [];
  followMaster: boolean;
  onRunTask: (task: FakeTask, agent: FakeAgent) => void;
  onKillTask: (task: FakeTask, agent: FakeAgent) => void;
  private outbox: Outbox;
  private readonly waiters = new Set<() => void>();
  private reregistering = false;

  private constructor(
    private readonly server: Server,
    readonly options: FakeAgentOptions,
  ) {
    this.outbox = new Outbox(`http://${options.master}${MASTER_MESSAGE_PATH}`);
    this.followMaster = options.followMaster ?? true;
    this.onRunTask = options.onRunTask ?? ((task) => this.update(task.taskId, 'TASK_RUNNING'));
    this.onKillTask = options.onKillTask ?? ((task) => this.update(task.taskId, 'TASK_KILLED'));
  }

  static async start(options: FakeAgentOptions): Promise<FakeAgent> {
    let agent: FakeAgent | undefined;
    const server = createServer((req, res) => {
      if (req.url !== AGENT_MESSAGE_PATH) return respond(res, 404, 'no such endpoint');
      void agent!.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    agent = new FakeAgent(server, options);
    return agent;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get address(): { ip: string; port: number; hostname: string } {
    return { ip: '127.0.0.1', port: this.port, hostname: this.options.hostname ?? 'fake-agent' };
  }

  get resources(): Resource[] {
    return parseResources(this.options.resources ?? 'cpus:4;mem:4096;ports:[31000-31099]');
  }

  /** Points the agent at another master address (the master restarted on another port). */
  retarget(master: string): void {
    this.outbox.close();
    this.outbox = new Outbox(`http://${master}${MASTER_MESSAGE_PATH}`);
  }

  private agentInfo() {
    return { hostname: this.address.hostname, port: this.port, resources: this.resources };
  }

  /** REGISTER_AGENT until AGENT_REGISTERED arrives; resolves with the id. */
  async register(timeoutMs = 20_000): Promise<string> {
    const registered = this.waitFor('AGENT_REGISTERED', undefined, timeoutMs);
    const retry = setInterval(() => void this.send('REGISTER_AGENT', { agent_info: this.agentInfo(), address: this.address, agent_version: '0.21.0' }), 1000);
    await this.send('REGISTER_AGENT', { agent_info: this.agentInfo(), address: this.address, agent_version: '0.21.0' });
    try {
      const message = await registered;
      this.id = message.agent_registered.agent_id.value;
      this.masterId = message.master_id;
      return this.id;
    } finally {
      clearInterval(retry);
    }
  }

  /** What REREGISTER_AGENT reports: every task not acknowledged as ended. */
  report(): Task[] {
    return [...this.tasks.values()].map((t) => ({
      name: t.name,
      task_id: { value: t.taskId },
      framework_id: { value: t.frameworkId },
      executor_id: { value: t.taskId },
      agent_id: { value: this.id! },
      state: t.state,
      resources: t.resources,
      statuses: t.unacknowledged,
      ...(t.unacknowledged[0] && { status_update_state: t.unacknowledged[0].state, status_update_uuid: t.unacknowledged[0].uuid }),
    }));
  }

  /** REREGISTER_AGENT until AGENT_REREGISTERED arrives (or SHUTDOWN_AGENT); resolves with the answer. */
  async reregister(timeoutMs = 20_000, tasks: Task[] = this.report()): Promise<ToAgent> {
    const answered = this.waitForAny(['AGENT_REREGISTERED', 'SHUTDOWN_AGENT'], timeoutMs);
    const message = () => ({
      agent_info: { ...this.agentInfo(), id: { value: this.id! } },
      address: this.address,
      agent_version: '0.21.0',
      frameworks: [...new Set(tasks.map((t) => t.framework_id.value))].map((id) => this.frameworks.get(id) ?? { id: { value: id }, user: 'root', name: 'f' }),
      executors: [],
      tasks,
    });
    this.reregistering = true;
    const retry = setInterval(() => void this.send('REREGISTER_AGENT', message()), 1000);
    await this.send('REREGISTER_AGENT', message());
    try {
      const answer = await answered;
      this.masterId = answer.master_id;
      this.flush();
      return answer;
    } finally {
      this.reregistering = false;
      clearInterval(retry);
    }
  }

  /** A new status update for a task; sent now if nothing is in flight for it. */
  update(taskId: string, state: TaskState, extra: { source?: Source; reason?: Reason; message?: string } = {}): TaskStatus {
    const task = this.tasks.get(taskId);
    if (!task) throw new Error(`fake agent has no task ${taskId}`);
    const status = createTaskStatus({ taskId, state, source: extra.source ?? 'SOURCE_EXECUTOR', agentId: this.id, executorId: taskId, ...(extra.reason && { reason: extra.reason }), ...(extra.message && { message: extra.message }) });
    task.state = state;
    task.unacknowledged.push(status);
    if (task.unacknowledged.length === 1) this.sendFront(task);
    this.wake();
    return status;
  }

  /** Sends the update in flight of every task again (what the real agent does after re-registering). */
  flush(): void {
    for (const task of this.tasks.values()) if (task.unacknowledged.length > 0) this.sendFront(task);
  }

  private sendFront(task: FakeTask): void {
    const front = task.unacknowledged[0];
    if (!front || this.holdUpdates || !this.id) return;
    void this.send('STATUS_UPDATE', { update: { framework_id: { value: task.frameworkId }, agent_id: { value: this.id }, executor_id: { value: task.taskId }, status: front, latest_state: task.state } });
  }

  /** Adds a task as if it had been launched here (to load a master through re-registration). */
  addTask(fields: { taskId: string; frameworkId: string; state: TaskState; resources?: Resource[]; name?: string }): FakeTask {
    const task: FakeTask = { name: fields.name ?? fields.taskId, resources: fields.resources ?? [], unacknowledged: [], killed: false, ...fields };
    this.tasks.set(task.taskId, task);
    return task;
  }

  private async send(type: 'REGISTER_AGENT' | 'REREGISTER_AGENT' | 'STATUS_UPDATE' | 'UNREGISTER_AGENT', payload: unknown): Promise<number> {
    try {
      const answer = await this.outbox.post(toMaster(type, payload as never));
      if (answer.status === 409 && type === 'STATUS_UPDATE' && this.followMaster && !this.reregistering && !this.holdReregistration) void this.reregister().catch(() => undefined);
      return answer.status;
    } catch {
      return 0;
    }
  }

  unregister(): Promise<number> {
    return this.send('UNREGISTER_AGENT', { agent_id: { value: this.id! } });
  }

  /** A request holds one message or a batch; each is answered on its own, in order (respondAll). */
  private async handle(req: Parameters<typeof receive>[0], res: Parameters<typeof respond>[0]): Promise<void> {
    const received = await receive(req, ToAgentSchema, 'message to the agent');
    if (!received.ok) return respond(res, received.status, received.error);
    const answers: Answer[] = [];
    const actions: Array<() => void> = [];
    let hold = false;
    let silent = false;
    for (const item of received.items) {
      if (!item.ok) {
        answers.push(item.answer);
        continue;
      }
      const message = item.message;
      this.received.push(message);
      const answer = this.answerTo(message);
      if (answer === 'silent') silent = true;
      else if (answer === 'hold') {
        hold = true;
        answers.push({ status: 202 });
        actions.push(() => this.act(message));
      } else {
        answers.push(answer);
        if (answer.status === 202) actions.push(() => this.act(message));
      }
    }
    const finish = (): void => {
      respondAll(res, received.batch, answers);
      for (const act of actions) act();
      this.wake();
    };
    if (silent) return this.wake(); // never answered: the master's PING times out
    if (hold) this.held.push(finish);
    else finish();
    this.wake();
  }

  private wake(): void {
    for (const check of [...this.waiters]) check();
  }

  private answerTo(message: ToAgent): Answer | 'hold' | 'silent' {
    if (message.type === 'PING') {
      if (this.silent) return 'silent';
      const stale = this.masterId !== undefined && message.master_id !== this.masterId;
      if ((stale || !message.ping.connected) && this.followMaster && !this.holdReregistration && this.id && !this.reregistering) void this.reregister().catch(() => undefined);
      return { status: 200, body: { version: 1, type: 'PONG', pong: { ...(this.id && { agent_id: { value: this.id } }), registered: !stale && message.ping.connected } } };
    }
    if (message.type === 'RUN_TASK' && this.failRunTask) return { status: 500, body: 'the agent failed' };
    if (message.type === 'RUN_TASK' && this.holdRunTask) return 'hold';
    return { status: 202 };
  }

  /** Answers the RUN_TASKs held back, and takes the tasks. */
  releaseRunTasks(): void {
    this.holdRunTask = false;
    for (const answer of this.held.splice(0)) answer();
    this.wake();
  }

  private act(message: ToAgent): void {
    switch (message.type) {
      case 'RUN_TASK': {
        const { framework, task } = message.run_task as unknown as { framework: FrameworkInfo & { id: { value: string } }; task: { task_id: { value: string }; name?: string; resources?: Resource[] } };
        this.frameworks.set(framework.id.value, framework);
        const fake = this.addTask({ taskId: task.task_id.value, frameworkId: framework.id.value, state: 'TASK_STAGING', resources: task.resources ?? [], name: task.name ?? '' });
        setImmediate(() => this.onRunTask(fake, this));
        return;
      }
      case 'KILL_TASK': {
        const task = this.tasks.get(message.kill_task.task_id.value);
        if (!task) {
          // As the real agent: an unknown task is reported lost so the master does not wait.
          this.addTask({ taskId: message.kill_task.task_id.value, frameworkId: message.kill_task.framework_id.value, state: 'TASK_STAGING' });
          this.update(message.kill_task.task_id.value, 'TASK_LOST', { source: 'SOURCE_AGENT', reason: 'REASON_TASK_UNKNOWN', message: 'Cannot find the task' });
          return;
        }
        if (isTerminal(task.state)) return;
        task.killed = true;
        setImmediate(() => this.onKillTask(task, this));
        return;
      }
      case 'STATUS_UPDATE_ACKNOWLEDGEMENT': {
        const task = this.tasks.get(message.status_update_acknowledgement.task_id.value);
        if (!task || task.unacknowledged[0]?.uuid !== message.status_update_acknowledgement.uuid) return;
        const acked = task.unacknowledged.shift()!;
        if (isTerminal(acked.state)) this.tasks.delete(task.taskId);
        else this.sendFront(task);
        return;
      }
      case 'AGENT_REREGISTERED':
        for (const r of message.agent_reregistered.reconciliations) {
          for (const status of r.statuses) {
            if (this.tasks.has(status.task_id.value)) continue;
            this.addTask({ taskId: status.task_id.value, frameworkId: r.framework_id.value, state: 'TASK_STAGING' });
            this.update(status.task_id.value, 'TASK_LOST', { source: 'SOURCE_AGENT', reason: 'REASON_RECONCILIATION', message: 'Reconciliation: task unknown to the agent' });
          }
        }
        return;
      case 'SHUTDOWN_FRAMEWORK':
        if (this.ignoreShutdownFramework) return;
        for (const task of [...this.tasks.values()]) if (task.frameworkId === message.shutdown_framework.framework_id.value) this.tasks.delete(task.taskId);
        return;
      default:
        return;
    }
  }

  /** The next message of this type (already received ones after `since` count). */
  waitFor<T extends ToAgent['type']>(type: T, predicate?: (m: MessageOf<T>) => boolean, timeoutMs = 20_000, since = this.received.length): Promise<MessageOf<T>> {
    return this.waitUntil(() => this.received.slice(since).find((m): m is MessageOf<T> => m.type === type && (!predicate || predicate(m as MessageOf<T>))), timeoutMs, `a ${type} message`);
  }

  private waitForAny(types: Array<ToAgent['type']>, timeoutMs: number): Promise<ToAgent> {
    const since = this.received.length;
    return this.waitUntil(() => this.received.slice(since).find((m) => types.includes(m.type)), timeoutMs, `one of ${types.join(', ')}`);
  }

  waitUntil<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const value = probe();
        if (value === undefined) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`fake agent: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Stops answering anything: the server closes (connections refused from now on). */
  async stop(): Promise<void> {
    this.outbox.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
