// A framework that runs N tasks as fast as the offers allow: as many tasks
// per offer as fit, unused resources refused for 0 s, every update
// acknowledged. Latency of a task: from its ACCEPT to the acknowledgement of
// its TASK_FINISHED (answered 202).
import { scalarOf } from '../dist/src/mesos/resources/arithmetic.js';
import type { Resource } from '../dist/src/mesos/resources/resource.js';
import type { Offer } from '../dist/src/mesos/scheduler/offer.js';
import type { TaskStatus } from '../dist/src/mesos/task-status.js';
import { isTerminal } from '../dist/src/mesos/task-state.js';
import { SchedulerClient } from '../dist/src/scheduler/client.js';
import { nowMs } from './stats.js';

export interface RunResult {
  elapsedMs: number;
  latencies: number[];
  failed: number;
  firstFailure?: string;
}

export async function runTasks(master: string, count: number, perTask: Resource[], command: string, deadlineMs: number): Promise<RunResult> {
  const client = new SchedulerClient({ master, framework: { user: 'root', name: 'bench' }, reconnect: false });
  const launchedAt = new Map<string, number>();
  const latencies: number[] = [];
  let launched = 0;
  let ended = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  let start = 0;
  const cpus = scalarOf(perTask, 'cpus');
  const mem = scalarOf(perTask, 'mem');
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${ended} of ${count} tasks ended within ${deadlineMs / 1000} s`)), deadlineMs);
    const end = (): void => {
      if (++ended === count) {
        clearTimeout(timer);
        resolve();
      }
    };
    client.on('offers', ({ offers }: { offers: Offer[] }) => {
      for (const offer of offers) {
        const fit = Math.min(count - launched, Math.floor(scalarOf(offer.resources, 'cpus') / cpus + 1e-9), Math.floor(scalarOf(offer.resources, 'mem') / mem + 1e-9));
        if (fit <= 0) {
          void client.decline([offer.id.value], { refuse_seconds: launched >= count ? 60 : 0 }).catch(() => undefined);
          continue;
        }
        const tasks = Array.from({ length: fit }, () => {
          const id = `t${launched++}`;
          return { name: id, task_id: { value: id }, agent_id: offer.agent_id, resources: perTask, command: { value: command, shell: false, arguments: [command] } };
        });
        start ||= nowMs();
        const at = nowMs();
        for (const task of tasks) launchedAt.set(task.task_id.value, at);
        client.launch([offer.id.value], tasks, { refuse_seconds: 0 }).catch(reject);
      }
    });
    client.on('update', ({ status }: { status: TaskStatus }) => {
      const acked = client.acknowledge(status);
      if (!isTerminal(status.state)) return;
      if (status.state !== 'TASK_FINISHED') {
        failed++;
        firstFailure ??= `${status.state} ${status.reason ?? ''} ${status.message ?? ''}`;
        end();
        return;
      }
      acked.then(() => {
        latencies.push(nowMs() - launchedAt.get(status.task_id.value)!);
        end();
      }, reject);
    });
  });
  try {
    await client.subscribe();
    await done;
    return { elapsedMs: nowMs() - start, latencies, failed, ...(firstFailure && { firstFailure }) };
  } finally {
    await client.teardown().catch(() => undefined);
    client.close();
  }
}
