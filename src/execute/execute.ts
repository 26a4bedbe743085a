// mesos-execute: one framework, one task. It waits for an offer that holds
// the task's resources, launches the task there, prints each status update
// as it arrives, acknowledges it, and ends with the task: 0 when it
// finished, 1 otherwise. SIGINT or SIGTERM kill the task first.
import { containsResources } from '../mesos/resources/arithmetic.js';
import type { Resource } from '../mesos/resources/resource.js';
import { formatResources } from '../mesos/resources/text.js';
import type { Offer } from '../mesos/scheduler/offer.js';
import { isTerminal } from '../mesos/task-state.js';
import type { TaskStatus } from '../mesos/task-status.js';
import { messageOf } from '../errors.js';
import { SchedulerClient } from '../scheduler/client.js';

export interface ExecuteRequest {
  master: string;
  name: string;
  command: string;
  resources: Resource[];
  checkpoint: boolean;
  user: string;
}

export interface Output {
  line(text: string): void;
}

export function describeUpdate(status: TaskStatus): string {
  const parts = [`Update: ${status.state}`, `source=${status.source ?? '-'}`];
  if (status.reason) parts.push(`reason=${status.reason}`);
  if (status.message) parts.push(`message=${JSON.stringify(status.message)}`);
  return parts.join(' ');
}

export async function execute(request: ExecuteRequest, out: Output, signals: NodeJS.EventEmitter = process): Promise<number> {
  const client = new SchedulerClient({ master: request.master, framework: { user: request.user, name: 'mesos-execute instance', checkpoint: request.checkpoint } });
  let launchedOn: string | undefined;
  let interrupted = false;
  const done = new Promise<number>((resolve) => {
    client.on('offers', ({ offers }: { offers: Offer[] }) => {
      const usable = launchedOn === undefined ? offers.find((o) => containsResources(o.resources, request.resources)) : undefined;
      const others = offers.filter((o) => o !== usable).map((o) => o.id.value);
      if (others.length > 0) void client.decline(others).catch(() => undefined);
      if (!usable) return;
      launchedOn = usable.agent_id.value;
      const task = { name: request.name, task_id: { value: request.name }, agent_id: usable.agent_id, resources: request.resources, command: { value: request.command } };
      client.launch([usable.id.value], [task]).then(
        () => out.line(`Submitted task '${request.name}' to agent ${launchedOn} (${formatResources(request.resources)})`),
        (error: unknown) => {
          out.line(`Launch failed: ${messageOf(error)}`);
          resolve(1);
        },
      );
    });
    client.on('update', ({ status }: { status: TaskStatus }) => {
      if (status.task_id.value !== request.name) return;
      out.line(describeUpdate(status));
      void client.acknowledge(status).catch(() => undefined);
      if (isTerminal(status.state)) resolve(status.state === 'TASK_FINISHED' && !interrupted ? 0 : 1);
    });
    client.on('master-error', ({ message }: { message: string }) => {
      out.line(`The master ended the framework: ${message}`);
      resolve(1);
    });
    client.on('disconnected', (error?: Error) => out.line(`Disconnected from the master (${error ? messageOf(error) : 'stream ended'}); re-subscribing`));
    const interrupt = (): void => {
      if (interrupted) return;
      interrupted = true;
      if (launchedOn === undefined) resolve(1);
      else void client.kill(request.name, launchedOn).catch(() => resolve(1));
    };
    signals.once('SIGINT', interrupt);
    signals.once('SIGTERM', interrupt);
  });
  try {
    const subscribed = await client.subscribe();
    out.line(`Subscribed with framework id ${subscribed.subscribed.framework_id.value}; waiting for an offer with ${formatResources(request.resources)}`);
    const code = await done;
    await client.teardown().catch(() => undefined);
    return code;
  } finally {
    client.close();
  }
}
