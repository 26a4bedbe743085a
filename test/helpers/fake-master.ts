// A small master for the agent's tests: it speaks the agent<->master wire
// (the same schemas), registers agents, sends what a test asks (RUN_TASK,
// KILL_TASK, PING...), records every status update it receives, duplicates
// included, and acknowledges them or not, as the test says. Like a real
// master after a re-registration, it asks the agent about the tasks it sent
// that the agent did not report.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import type { Task } from '../../src/mesos/task.js';
import { isTerminal } from '../../src/mesos/task-state.js';
import type { TaskState } from '../../src/mesos/task-state.js';
import type { TaskStatus } from '../../src/mesos/task-status.js';
import type { Address } from '../../src/mesos/wire/protocol.js';
import { AGENT_MESSAGE_PATH, MASTER_MESSAGE_PATH, addressUrl } from '../../src/mesos/wire/protocol.js';
import { toAgent } from '../../src/mesos/wire/messages.js';
import { receive, respond, respondAll } from '../../src/mesos/wire/inbox.js';
import { Outbox } from '../../src/mesos/wire/outbox.js';
import type { PostResult } from '../../src/mesos/wire/outbox.js';
import type { StatusUpdate } from '../../src/mesos/wire/status-update.js';
import type { ToAgentType } from '../../src/mesos/wire/to-agent.js';
import type { ToMaster } from '../../src/mesos/wire/to-master.js';
import { ToMasterSchema } from '../../src/mesos/wire/to-master.js';

export interface ReceivedUpdate {
  at: number;
  update: StatusUpdate;
}

interface KnownAgent {
  id: string;
  address: Address;
  outbox: Outbox;
  registered: boolean;
}

export const FRAMEWORK = { id: { value: 'fw-1' }, user: 'root', name: 'tests', checkpoint: true };

export class FakeMaster {
  masterId = randomUUID();
  port = 0;
  readonly updates: ReceivedUpdate[] = [];
  readonly messages: ToMaster[] = [];
  /** Each registration this master answered: which agent, on which port, and how. */
  readonly registrations: Array<{ agentId: string; port: number; kind: 'registered' | 'reregistered' }> = [];
  /** Acknowledge each update as it arrives (a test may turn this off, or decide per update). */
  acknowledge: boolean | ((update: StatusUpdate) => boolean) = true;
  /** Answer registrations (off: the agent stays registering, "in transition"). */
  answerRegistrations = true;
  private readonly agents = new Map<string, KnownAgent>();
  /** Tasks sent to each agent and not known to be over: what re-registration reconciles. */
  private readonly launched = new Map<string, Map<string, { frameworkId: string; taskId: string }>>();
  private server: Server | undefined;
  private nextId = 0;

  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      void (async () => {
        if (req.url !== MASTER_MESSAGE_PATH) return respond(res, 404, 'not here');
        const received = await receive(req, ToMasterSchema, 'message to the master');
        if (!received.ok) return respond(res, received.status, received.error);
        const answers = received.items.map((item) => {
          if (!item.ok) return item.answer;
          const message = item.message;
          this.messages.push(message);
          const sender = message.type === 'STATUS_UPDATE' ? message.status_update.update.agent_id.value : undefined;
          if (sender !== undefined && !this.registered(sender)) return { status: 409, body: `agent ${sender} is not registered with master run ${this.masterId}` };
          setImmediate(() => void this.handle(message));
          return { status: 202 };
        });
        respondAll(res, received.batch, answers);
      })();
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** A master restart: a new run id, the same port; agents are known but must re-register. */
  async restart(): Promise<void> {
    await this.stop();
    this.masterId = randomUUID();
    for (const agent of this.agents.values()) agent.registered = false;
    await this.start(this.port);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async close(): Promise<void> {
    await this.stop();
    for (const agent of this.agents.values()) agent.outbox.close();
  }

  agentIds(): string[] {
    return [...this.agents.keys()];
  }

  registered(agentId: string): boolean {
    return this.agents.get(agentId)?.registered ?? false;
  }

  send<T extends ToAgentType>(agentId: string, type: T, payload: Parameters<typeof toAgent<T>>[2]): Promise<PostResult> {
    const agent = this.agents.get(agentId);
    if (!agent) throw new Error(`unknown agent ${agentId}`);
    const sent = agent.outbox.post(toAgent(type, this.masterId, payload));
    if (type === 'SHUTDOWN_AGENT') agent.registered = false; // removed: it registers anew
    return sent;
  }

  /** RUN_TASK of a command task (`task` may be anything: tests send malformed ones too). */
  runTask(agentId: string, task: Record<string, unknown> & { task_id: { value: string } }, framework: Record<string, unknown> & { id: { value: string } } = FRAMEWORK): Promise<PostResult> {
    let tasks = this.launched.get(agentId);
    if (!tasks) this.launched.set(agentId, (tasks = new Map()));
    tasks.set(`${framework.id.value}/${task.task_id.value}`, { frameworkId: framework.id.value, taskId: task.task_id.value });
    return this.send(agentId, 'RUN_TASK', { framework, task } as never);
  }

  commandTask(agentId: string, taskId: string, command: string, extra: Record<string, unknown> = {}): Record<string, unknown> & { task_id: { value: string } } {
    return {
      name: taskId,
      task_id: { value: taskId },
      agent_id: { value: agentId },
      resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 0.1 } }, { name: 'mem', type: 'SCALAR', scalar: { value: 32 } }],
      command: { value: command },
      ...extra,
    };
  }

  killTask(agentId: string, taskId: string, gracePeriodSeconds?: number, frameworkId = FRAMEWORK.id.value): Promise<PostResult> {
    return this.send(agentId, 'KILL_TASK', {
      framework_id: { value: frameworkId },
      task_id: { value: taskId },
      ...(gracePeriodSeconds !== undefined && { kill_policy: { grace_period: { nanoseconds: gracePeriodSeconds * 1e9 } } }),
    });
  }

  ack(agentId: string, update: StatusUpdate): Promise<PostResult> {
    return this.send(agentId, 'STATUS_UPDATE_ACKNOWLEDGEMENT', {
      agent_id: { value: agentId },
      framework_id: update.framework_id,
      task_id: update.status.task_id,
      uuid: update.status.uuid!,
    });
  }

  /** Every update received for the task, duplicates included, in arrival order. */
  received(taskId: string): StatusUpdate[] {
    return this.updates.filter((u) => u.update.status.task_id.value === taskId).map((u) => u.update);
  }

  /** The task's updates, each uuid once (resends dropped), in arrival order. */
  statuses(taskId: string): TaskStatus[] {
    const seen = new Set<string>();
    return this.received(taskId)
      .map((u) => u.status)
      .filter((s) => !seen.has(s.uuid!) && seen.add(s.uuid!));
  }

  states(taskId: string): TaskState[] {
    return this.statuses(taskId).map((s) => s.state);
  }

  /** Waits until `check` holds, polling; fails after `ms` saying what it waited for. */
  async until(what: string, check: () => boolean, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting until ${what}`);
      await sleep(20);
    }
  }

  untilState(taskId: string, state: TaskState, ms?: number): Promise<void> {
    return this.until(`task ${taskId} is ${state} (got ${this.states(taskId).join(', ') || 'nothing'})`, () => this.states(taskId).includes(state), ms);
  }

  untilTerminal(taskId: string, ms?: number): Promise<TaskStatus> {
    return this.until(`task ${taskId} ends (got ${this.states(taskId).join(', ') || 'nothing'})`, () => this.statuses(taskId).some((s) => isTerminal(s.state)), ms).then(
      () => this.statuses(taskId).find((s) => isTerminal(s.state))!,
    );
  }

  private async handle(message: ToMaster): Promise<void> {
    switch (message.type) {
      case 'REGISTER_AGENT': {
        if (!this.answerRegistrations) return;
        // A retried registration from the same address gets the same id (the first answer may have been lost).
        const existing = [...this.agents.values()].find((a) => a.address.port === message.register_agent.address.port && a.address.ip === message.register_agent.address.ip && a.registered);
        const id = existing?.id ?? `agent-${this.nextId++}-${this.masterId.slice(0, 8)}`;
        const agent = this.remember(id, message.register_agent.address);
        const answer = await agent.outbox.post(toAgent('AGENT_REGISTERED', this.masterId, { agent_id: { value: id } })).catch(() => undefined);
        if (answer?.status === 202) this.registrations.push({ agentId: id, port: agent.address.port, kind: 'registered' });
        return;
      }
      case 'REREGISTER_AGENT': {
        if (!this.answerRegistrations) return;
        const reregister = message.reregister_agent;
        const id = reregister.agent_info.id.value;
        const agent = this.remember(id, reregister.address);
        const answer = await agent.outbox
          .post(toAgent('AGENT_REREGISTERED', this.masterId, { agent_id: { value: id }, reconciliations: this.reconciliations(id, reregister.tasks) }))
          .catch(() => undefined);
        if (answer?.status === 202) this.registrations.push({ agentId: id, port: agent.address.port, kind: 'reregistered' });
        return;
      }
      case 'STATUS_UPDATE': {
        const { update } = message.status_update;
        this.updates.push({ at: Date.now(), update });
        const agentId = update.agent_id.value;
        if (isTerminal(update.status.state)) this.launched.get(agentId)?.delete(`${update.framework_id.value}/${update.status.task_id.value}`);
        const ack = typeof this.acknowledge === 'function' ? this.acknowledge(update) : this.acknowledge;
        if (ack && this.agents.has(agentId)) await this.ack(agentId, update).catch(() => undefined);
        return;
      }
      case 'UNREGISTER_AGENT':
        this.agents.delete(message.unregister_agent.agent_id.value);
    }
  }

  private remember(id: string, address: Address): KnownAgent {
    let agent = this.agents.get(id);
    if (agent && (agent.address.ip !== address.ip || agent.address.port !== address.port)) {
      agent.outbox.close();
      agent = undefined;
    }
    if (!agent) {
      agent = { id, address, outbox: new Outbox(addressUrl(address, AGENT_MESSAGE_PATH)), registered: true };
      this.agents.set(id, agent);
    }
    agent.registered = true;
    return agent;
  }

  private reconciliations(agentId: string, reported: Task[]): Array<{ framework_id: { value: string }; statuses: TaskStatus[] }> {
    const have = new Set(reported.map((t) => `${t.framework_id.value}/${t.task_id.value}`));
    const byFramework = new Map<string, TaskStatus[]>();
    for (const [key, { frameworkId, taskId }] of this.launched.get(agentId) ?? []) {
      if (have.has(key)) continue;
      const statuses = byFramework.get(frameworkId) ?? [];
      statuses.push({ task_id: { value: taskId }, state: 'TASK_STAGING', agent_id: { value: agentId }, source: 'SOURCE_MASTER', reason: 'REASON_RECONCILIATION', message: 'Reconciliation request' });
      byFramework.set(frameworkId, statuses);
    }
    return [...byFramework].map(([frameworkId, statuses]) => ({ framework_id: { value: frameworkId }, statuses }));
  }
}
