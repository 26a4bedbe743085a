// A small client for Mesos's v1 scheduler HTTP API. It subscribes, keeps the
// subscription (re-subscribing with its framework id, with backoff, when the
// stream breaks or falls silent for five heartbeats), and makes the calls.
// Events arrive as 'event' (every one) and by type: 'subscribed', 'offers',
// 'rescind', 'update', 'failure', 'master-error' (ERROR), 'heartbeat';
// 'disconnected' when the stream breaks, 'closed' when the client is closed.
import { EventEmitter } from 'node:events';
import { Agent } from 'node:http';

import type { FrameworkInfo } from '../mesos/framework-info.js';
import type { Filters } from '../mesos/scheduler/filters.js';
import type { Event, EventOf } from '../mesos/scheduler/event.js';
import type { KillPolicy, TaskInfoJson } from '../mesos/task-info.js';
import type { TaskStatus } from '../mesos/task-status.js';
import { Backoff, sleep } from './backoff.js';
import { SchedulerError } from './errors.js';
import type { EventStream } from './event-stream.js';
import { openEventStream } from './event-stream.js';
import { post } from './http-post.js';
import type { CallBody, LaunchOperation } from './calls.js';
import { calls } from './calls.js';
import { waitForEvent } from './wait-for-event.js';
import type { Deferred } from '../launcher/deferred.js';
import { deferred, quietly } from '../launcher/deferred.js';
import { schedulerUrl } from './master-address.js';

export interface SchedulerClientOptions {
  /** HOST:PORT of the master. */
  master: string;
  framework: FrameworkInfo;
  /** Replace a subscription of this framework that the master still holds open. */
  force?: boolean;
  /** Re-subscribe when the stream ends (default true), waiting from `initialMs` doubling to `maxMs`. */
  reconnect?: boolean | { initialMs?: number; maxMs?: number };
  /** How long a call or a subscription attempt may go unanswered (default 75 s, as the documentation suggests). */
  timeoutMs?: number;
}


export class SchedulerClient extends EventEmitter {
  readonly url: URL;
  private framework: FrameworkInfo;
  private stream: EventStream | undefined;
  private streamIdValue: string | undefined;
  private closedByUser = false;
  private tearingDown = false;
  private attempt: Attempt | undefined;
  private silenceTimer: NodeJS.Timeout | undefined;
  private silenceLimitMs = 0;
  private readonly calls = new Agent({ keepAlive: true, maxSockets: 4 });
  private readonly backoff: Backoff;
  private readonly reconnect: boolean;
  private readonly timeoutMs: number;
  private readonly abort = new AbortController();

  constructor(private readonly options: SchedulerClientOptions) {
    super();
    this.url = schedulerUrl(options.master);
    this.framework = { ...options.framework };
    const reconnect = options.reconnect ?? true;
    this.reconnect = reconnect !== false;
    const settings = typeof reconnect === 'object' ? reconnect : {};
    this.backoff = new Backoff(settings.initialMs ?? 250, settings.maxMs ?? 15_000);
    this.timeoutMs = options.timeoutMs ?? 75_000;
  }

  get frameworkId(): string | undefined {
    return this.framework.id?.value;
  }

  get streamId(): string | undefined {
    return this.streamIdValue;
  }

  get connected(): boolean {
    return this.stream !== undefined;
  }

  /** Subscribes; resolves with the SUBSCRIBED event. Rejects if the master refuses. */
  subscribe(): Promise<EventOf<'SUBSCRIBED'>> {
    return this.subscribeOnce(this.options.force ?? false);
  }

  /** Resolves with the next event that satisfies `predicate`, or rejects after `timeoutMs`. */
  next<T extends Event = Event>(predicate: (event: Event) => boolean, timeoutMs = 30_000): Promise<T> {
    return waitForEvent<T>(this, predicate, timeoutMs);
  }

  /** Any call; resolves when the master answers 202. */
  async call(call: CallBody): Promise<void> {
    const id = this.frameworkId;
    const stream = this.streamIdValue;
    if (!id || !stream) throw new SchedulerError('NOT_SUBSCRIBED', `cannot send ${call.type}: not subscribed`);
    const answer = await post(this.url, this.calls, JSON.stringify({ framework_id: { value: id }, ...call }), { 'mesos-stream-id': stream }, this.timeoutMs);
    if (answer.status !== 202) throw new SchedulerError('CALL_REFUSED', `the master refused ${call.type} (${answer.status}): ${answer.body}`, { status: answer.status });
  }

  accept(offerIds: string[], operations: LaunchOperation[], filters?: Filters): Promise<void> {
    return this.call(calls.accept(offerIds, operations, filters));
  }

  launch(offerIds: string[], tasks: TaskInfoJson[], filters?: Filters): Promise<void> {
    return this.call(calls.launch(offerIds, tasks, filters));
  }

  decline(offerIds: string[], filters?: Filters): Promise<void> {
    return this.call(calls.decline(offerIds, filters));
  }

  revive(): Promise<void> {
    return this.call(calls.revive());
  }

  suppress(): Promise<void> {
    return this.call(calls.suppress());
  }

  kill(taskId: string, agentId?: string, killPolicy?: KillPolicy): Promise<void> {
    return this.call(calls.kill(taskId, agentId, killPolicy));
  }

  /** Acknowledges an update; updates without a uuid (the master's own) must not be, and are not. */
  async acknowledge(status: TaskStatus): Promise<void> {
    const call = calls.acknowledge(status);
    if (call) await this.call(call);
  }

  reconcile(tasks: Array<{ taskId: string; agentId?: string }>): Promise<void> {
    return this.call(calls.reconcile(tasks));
  }

  /** TEARDOWN: the framework and its tasks are gone for good; the client closes. */
  async teardown(): Promise<void> {
    // The master ends the stream before it answers: that end is not a disconnection.
    this.tearingDown = true;
    try {
      await this.call(calls.teardown());
    } catch (error) {
      this.tearingDown = false;
      throw error;
    }
    this.close();
  }

  /** Ends the subscription and stops re-subscribing (the framework stays for its failover timeout). */
  close(): void {
    if (this.closedByUser) return;
    this.closedByUser = true;
    this.abort.abort();
    clearTimeout(this.silenceTimer);
    this.attempt?.subscribed.reject(new SchedulerError('CLOSED', 'the client was closed'));
    this.attempt = undefined;
    this.stream?.close();
    this.stream = undefined;
    this.streamIdValue = undefined;
    this.calls.destroy();
    this.emit('closed');
  }

  private async subscribeOnce(force: boolean): Promise<EventOf<'SUBSCRIBED'>> {
    if (this.closedByUser) throw new SchedulerError('CLOSED', 'the client is closed');
    const id = this.frameworkId;
    const body = JSON.stringify({ type: 'SUBSCRIBE', ...(id && { framework_id: { value: id } }), subscribe: { framework_info: this.framework, ...(force && { force }) } });
    const attempt: Attempt = { stream: undefined, subscribed: deferred() };
    quietly(attempt.subscribed.promise);
    this.attempt = attempt;
    const stream = await openEventStream(
      this.url,
      body,
      {
        onOpen: (opened) => {
          attempt.stream = opened;
          if (this.attempt !== attempt || this.closedByUser) return;
          this.stream = opened;
          this.streamIdValue = opened.streamId;
        },
        onEvent: (event) => this.deliver(attempt, event),
        onEnd: (error) => this.ended(attempt, error),
      },
      this.timeoutMs,
    );
    if (this.closedByUser || this.attempt !== attempt) {
      stream.close();
      // Already rejected when an ERROR event ended it: that reason wins.
      attempt.subscribed.reject(new SchedulerError('CLOSED', 'the client closed while subscribing'));
      return attempt.subscribed.promise;
    }
    const timer = setTimeout(() => attempt.subscribed.reject(new SchedulerError('TIMEOUT', `no SUBSCRIBED event within ${this.timeoutMs} ms`)), this.timeoutMs);
    try {
      return await attempt.subscribed.promise;
    } finally {
      clearTimeout(timer);
    }
  }

  private deliver(attempt: Attempt, event: Event): void {
    if (this.closedByUser || this.attempt !== attempt) return;
    if (event.type === 'SUBSCRIBED') {
      this.framework = { ...this.framework, id: event.subscribed.framework_id };
      this.backoff.reset();
      this.silenceLimitMs = (event.subscribed.heartbeat_interval_seconds ?? 15) * 5000;
      attempt.subscribed.resolve(event);
    }
    this.watchSilence(attempt);
    this.emit('event', event);
    // EventEmitter treats 'error' specially (it throws without a listener): ERROR events are 'master-error'.
    this.emit(event.type === 'ERROR' ? 'master-error' : event.type.toLowerCase(), payload(event));
    // The documentation's advice: a framework aborts on ERROR (removed, failed over, refused).
    if (event.type === 'ERROR') {
      attempt.subscribed.reject(new SchedulerError('FRAMEWORK_ERROR', `the master says: ${event.error.message}`));
      this.close();
    }
  }

  /** Five heartbeats without an event: the connection is presumed dead (a partition). */
  private watchSilence(attempt: Attempt): void {
    clearTimeout(this.silenceTimer);
    if (this.silenceLimitMs <= 0) return;
    this.silenceTimer = setTimeout(() => {
      if (this.attempt !== attempt) return;
      attempt.stream?.close();
      this.ended(attempt, new SchedulerError('TIMEOUT', `no event for ${this.silenceLimitMs / 1000} s (five heartbeats)`));
    }, this.silenceLimitMs);
    this.silenceTimer.unref();
  }

  private ended(attempt: Attempt, error?: Error): void {
    attempt.subscribed.reject(error ?? new SchedulerError('CLOSED', 'the subscription ended'));
    if (this.closedByUser || this.attempt !== attempt) return;
    this.attempt = undefined;
    this.stream = undefined;
    this.streamIdValue = undefined;
    clearTimeout(this.silenceTimer);
    if (this.tearingDown) return;
    this.emit('disconnected', error);
    if (this.reconnect) void this.resubscribe();
    else this.close();
  }

  private async resubscribe(): Promise<void> {
    while (!this.closedByUser) {
      await sleep(this.backoff.delay(), this.abort.signal);
      if (this.closedByUser) return;
      try {
        await this.subscribeOnce(false);
        return;
      } catch (error) {
        this.emit('resubscribe-failed', error);
      }
    }
  }
}

interface Attempt {
  stream: EventStream | undefined;
  subscribed: Deferred<EventOf<'SUBSCRIBED'>>;
}

function payload(event: Event): unknown {
  return (event as Record<string, unknown>)[event.type.toLowerCase()];
}
