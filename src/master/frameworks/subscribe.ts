// SUBSCRIBE: a new framework gets an id; a framework that names its id gets
// it back with its tasks (within its failover timeout, or after a master
// restart), and the updates it has not acknowledged are sent again at once.
import type { ServerResponse } from 'node:http';

import type { Subscribe } from '../../mesos/scheduler/call.js';
import { events } from '../../mesos/scheduler/event.js';
import type { MasterContext } from '../context.js';
import type { FrameworkRecord } from '../state/framework.js';
import { isConnected, newFramework } from '../state/framework.js';
import { disconnectFramework } from './disconnect.js';
import { Subscription } from './subscription.js';

export interface Refusal {
  status: number;
  message: string;
}

/** Answers the request: a stream, or a refusal for the caller to send. */
export function subscribe(ctx: MasterContext, call: Subscribe, res: ServerResponse): Refusal | undefined {
  const info = call.framework_info;
  const claimed = info.id?.value;
  if (claimed !== undefined && ctx.completedFrameworks.find((f) => f.id === claimed)) {
    // As Mesos: the framework learns it on the stream, which then ends.
    const stream = new Subscription(res, ctx.options.heartbeatIntervalMs);
    stream.send(events.error(`Framework ${claimed} has been removed: subscribe without an id to start anew`));
    stream.close();
    return undefined;
  }
  let framework = claimed === undefined ? undefined : ctx.frameworks.get(claimed);
  if (framework && isConnected(framework)) {
    if (!call.force) {
      return { status: 409, message: `framework ${claimed} is already subscribed on another connection; subscribe with "force": true to replace it` };
    }
    const old = framework.subscription!;
    framework.subscription = undefined; // its end is a failover, not a disconnection
    old.send(events.error('Framework failed over'));
    old.close();
  }
  const now = Date.now() / 1000;
  if (framework) {
    clearTimeout(framework.failoverTimer);
    framework.failoverTimer = undefined;
    framework.info = { ...info, id: { value: framework.id } };
    framework.recovered = false;
    framework.reregisteredTime = now;
    ctx.metrics.increment('master/framework_reregistrations');
  } else {
    framework = newFramework(claimed ?? ctx.ids.framework(), info, ctx.options.maxCompletedTasksPerFramework);
    framework.registeredTime = now;
    ctx.frameworks.set(framework.id, framework);
    ctx.metrics.increment(claimed === undefined ? 'master/framework_registrations' : 'master/framework_reregistrations');
  }
  connect(ctx, framework, res);
  return undefined;
}

function connect(ctx: MasterContext, framework: FrameworkRecord, res: ServerResponse): void {
  const subscription = new Subscription(res, ctx.options.heartbeatIntervalMs);
  framework.subscription = subscription;
  subscription.onClose(() => {
    if (framework.subscription === subscription) disconnectFramework(ctx, framework);
  });
  subscription.send(events.subscribed(framework.id, ctx.options.heartbeatIntervalMs / 1000));
  ctx.allocator.addFramework(framework.id, { ...(framework.info.role && { role: framework.info.role }) });
  ctx.allocator.activateFramework(framework.id);
  ctx.allocator.reviveOffers(framework.id);
  framework.suppressed = false;
  const unacknowledged = [...framework.tasks.values()].flatMap((task) => (task.unacknowledged ? [events.update(task.unacknowledged)] : []));
  subscription.sendAll(unacknowledged);
  ctx.log.info({ framework: framework.id, name: framework.info.name, resent: unacknowledged.length }, 'framework subscribed');
  ctx.allocateSoon();
}
