// A framework for tests: a SchedulerClient that records every event, with
// waits that have deadlines.
import type { FrameworkInfo } from '../../src/mesos/framework-info.js';
import type { Event } from '../../src/mesos/scheduler/event.js';
import type { Offer } from '../../src/mesos/scheduler/offer.js';
import type { TaskInfoJson } from '../../src/mesos/task-info.js';
import type { TaskStatus } from '../../src/mesos/task-status.js';
import { SchedulerClient } from '../../src/scheduler/client.js';
import type { SchedulerClientOptions } from '../../src/scheduler/client.js';

export class TestFramework {
  readonly events: Event[] = [];
  readonly updates: TaskStatus[] = [];
  readonly offers: Offer[] = [];
  private readonly rescinded = new Set<string>();
  private readonly used = new Set<string>();

  constructor(readonly client: SchedulerClient) {
    client.on('event', (event: Event) => {
      this.events.push(event);
      if (event.type === 'UPDATE') this.updates.push(event.update.status);
      if (event.type === 'OFFERS') this.offers.push(...event.offers.offers);
      if (event.type === 'RESCIND') this.rescinded.add(event.rescind.offer_id.value);
    });
  }

  static async subscribe(master: string, info: Partial<FrameworkInfo> = {}, options: Partial<SchedulerClientOptions> = {}): Promise<TestFramework> {
    const client = new SchedulerClient({ master, framework: { user: 'root', name: 'test-framework', ...info }, reconnect: { initialMs: 50, maxMs: 500 }, timeoutMs: 20_000, ...options });
    const framework = new TestFramework(client);
    await client.subscribe();
    return framework;
  }

  get id(): string {
    return this.client.frameworkId!;
  }

  /** An outstanding offer (not used, declined or rescinded), waiting for one if need be. */
  async offer(timeoutMs = 20_000): Promise<Offer> {
    const free = (): Offer | undefined => this.offers.find((o) => !this.used.has(o.id.value) && !this.rescinded.has(o.id.value));
    const found = free() ?? ((await this.client.next((e) => e.type === 'OFFERS', timeoutMs)), free());
    if (!found) return this.offer(timeoutMs);
    this.used.add(found.id.value);
    return found;
  }

  /** Launches tasks on an offer; unused resources are refused for 0 s (offered again at once). */
  async launch(offer: Offer, tasks: Array<Partial<TaskInfoJson> & { task_id: { value: string } }>): Promise<void> {
    const infos = tasks.map((t) => ({ name: t.task_id.value, agent_id: offer.agent_id, resources: [{ name: 'cpus', type: 'SCALAR' as const, scalar: { value: 0.1 } }, { name: 'mem', type: 'SCALAR' as const, scalar: { value: 16 } }], command: { value: 'true' }, ...t }));
    await this.client.launch([offer.id.value], infos as TaskInfoJson[], { refuse_seconds: 0 });
  }

  /** The next update (after those already seen, from `since`) matching `predicate`. */
  async update(predicate: (s: TaskStatus) => boolean, timeoutMs = 20_000, since = 0): Promise<TaskStatus> {
    const seen = this.updates.slice(since).find(predicate);
    if (seen) return seen;
    const event = await this.client.next((e) => e.type === 'UPDATE' && predicate(e.update.status), timeoutMs);
    return (event as Extract<Event, { type: 'UPDATE' }>).update.status;
  }

  /** Acknowledges each update of the task as it comes (STARTING, RUNNING, …) until one in `state`, which it returns (acknowledged too unless `ackLast` is false). */
  async acknowledgeUntil(taskId: string, state: string, timeoutMs = 30_000, ackLast = true): Promise<TaskStatus> {
    let seen = 0;
    for (;;) {
      const index = seen;
      const status = await this.update((s) => s.task_id.value === taskId && this.updatesOf(taskId).indexOf(s) >= index && !!s.uuid, timeoutMs);
      seen = this.updatesOf(taskId).indexOf(status) + 1;
      if (status.state === state) {
        if (ackLast) await this.client.acknowledge(status);
        return status;
      }
      await this.client.acknowledge(status);
    }
  }

  updatesOf(taskId: string): TaskStatus[] {
    return this.updates.filter((s) => s.task_id.value === taskId);
  }

  close(): void {
    this.client.close();
  }
}
