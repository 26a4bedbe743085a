// The framework's side of task reconciliation, as Mesos documents it
// (docs/reconciliation.md, reference §2.4):
//   1. start = now; remaining = the tasks the framework believes in;
//   2. RECONCILE remaining;
//   3. wait, with truncated exponential backoff, for updates;
//   4. remaining = the tasks whose latest update arrived before start;
//   5. repeat from 2 until remaining is empty.
// Any update counts, not only the master's answers. One reconciliation runs
// at a time: starting another cancels the one under way.
import type { EventOf } from '../mesos/scheduler/event.js';
import type { TaskStatus } from '../mesos/task-status.js';
import { Backoff } from './backoff.js';
import type { SchedulerClient } from './client.js';
import { SchedulerError } from './errors.js';

export interface ReconcileTarget {
  taskId: string;
  agentId?: string;
}

export interface ReconcileOptions {
  /** The first wait for answers (default 1 s), doubled each round up to `maxMs` (default 30 s). */
  initialMs?: number;
  maxMs?: number;
  /** Give up after this long (default: never); the tasks still unanswered are returned. */
  timeoutMs?: number;
}

export interface ReconcileResult {
  /** The latest status of each task that answered. */
  statuses: Map<string, TaskStatus>;
  /** Tasks that gave no answer before the timeout (e.g. their agent is in transition). */
  unanswered: ReconcileTarget[];
  rounds: number;
}

interface Seen {
  status: TaskStatus;
  at: number;
}

export class TaskReconciler {
  private readonly seen = new Map<string, Seen>();
  private readonly waiters = new Set<() => void>();
  private current: AbortController | undefined;
  private clock = 0;

  constructor(private readonly client: SchedulerClient) {
    client.on('update', (update: EventOf<'UPDATE'>['update']) => {
      // A counter, not the wall clock: "arrived before start" must not depend on timer resolution.
      this.seen.set(update.status.task_id.value, { status: update.status, at: ++this.clock });
      for (const wake of this.waiters) wake();
    });
  }

  /** The latest update received for a task, if any. */
  latest(taskId: string): TaskStatus | undefined {
    return this.seen.get(taskId)?.status;
  }

  /** Implicit reconciliation: the master sends what it knows; nothing to retry. */
  reconcileAll(): Promise<void> {
    return this.client.reconcile([]);
  }

  async reconcile(tasks: readonly ReconcileTarget[], options: ReconcileOptions = {}): Promise<ReconcileResult> {
    this.current?.abort();
    const control = new AbortController();
    this.current = control;
    const start = this.clock;
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    const backoff = new Backoff(options.initialMs ?? 1000, options.maxMs ?? 30_000);
    const answeredSince = (t: ReconcileTarget): boolean => (this.seen.get(t.taskId)?.at ?? -1) > start;
    let remaining = [...tasks];
    let rounds = 0;
    while (remaining.length > 0 && Date.now() < deadline) {
      if (control.signal.aborted) throw new SchedulerError('CLOSED', 'reconciliation cancelled: another one started');
      rounds++;
      try {
        await this.client.reconcile(remaining);
      } catch (error) {
        if ((error as SchedulerError).code !== 'NOT_SUBSCRIBED' && (error as SchedulerError).code !== 'MASTER_UNREACHABLE') throw error;
        // Disconnected: the round is retried after the wait, once re-subscribed.
      }
      const wait = Math.min(backoff.delay(), deadline - Date.now());
      await this.until(() => remaining.every(answeredSince), wait, control.signal);
      remaining = remaining.filter((t) => !answeredSince(t));
    }
    if (this.current === control) this.current = undefined;
    const statuses = new Map<string, TaskStatus>();
    for (const t of tasks) if (answeredSince(t)) statuses.set(t.taskId, this.seen.get(t.taskId)!.status);
    return { statuses, unanswered: remaining, rounds };
  }

  /** Resolves when `done()` holds, the wait is over, or the reconciliation is cancelled. */
  private until(done: () => boolean, waitMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        signal.removeEventListener('abort', finish);
        resolve();
      };
      const check = (): void => {
        if (done()) finish();
      };
      const timer = setTimeout(finish, Math.max(0, waitMs));
      signal.addEventListener('abort', finish, { once: true });
      this.waiters.add(check);
      check();
    });
  }
}
