// The calls of a subscribed framework, once the HTTP layer has checked the
// body, the framework and its stream id: each changes the master's books and
// answers later, on the event stream.
import type { Call } from '../../mesos/scheduler/call.js';
import { refuseSeconds } from '../../mesos/scheduler/filters.js';
import type { MasterContext } from '../context.js';
import { takeBackOffer } from '../offers.js';
import type { FrameworkRecord } from '../state/framework.js';
import { accept } from '../tasks/accept.js';
import { acknowledge } from '../tasks/acknowledge.js';
import { kill } from '../tasks/kill.js';
import { reconcile } from '../tasks/reconcile-call.js';
import { removeFramework } from './remove-framework.js';

export function handleCall(ctx: MasterContext, framework: FrameworkRecord, call: Exclude<Call, { type: 'SUBSCRIBE' }>): void {
  switch (call.type) {
    case 'TEARDOWN':
      removeFramework(ctx, framework, 'TEARDOWN');
      return;
    case 'ACCEPT':
      accept(ctx, framework, call.accept);
      return;
    case 'DECLINE': {
      ctx.metrics.increment('master/messages_decline_offers');
      const seconds = refuseSeconds(call.decline.filters);
      for (const id of call.decline.offer_ids) {
        if (ctx.offers.get(id.value)?.frameworkId === framework.id) takeBackOffer(ctx, id.value, { rescind: false, refuseSeconds: seconds });
      }
      return;
    }
    case 'REVIVE':
      ctx.metrics.increment('master/messages_revive_offers');
      framework.suppressed = false;
      ctx.allocator.reviveOffers(framework.id);
      ctx.allocateSoon();
      return;
    case 'SUPPRESS':
      ctx.metrics.increment('master/messages_suppress_offers');
      framework.suppressed = true;
      ctx.allocator.suppressOffers(framework.id);
      return;
    case 'KILL':
      kill(ctx, framework, call.kill);
      return;
    case 'ACKNOWLEDGE':
      acknowledge(ctx, framework, call.acknowledge);
      return;
    case 'RECONCILE':
      reconcile(ctx, framework, call.reconcile.tasks);
      return;
    case 'SHUTDOWN':
    case 'MESSAGE':
    case 'REQUEST':
      // No custom executors run here (SHUTDOWN, MESSAGE have no one to reach),
      // and the DRF allocator ignores requests, as Mesos's does.
      ctx.log.debug({ framework: framework.id, call: call.type }, 'call accepted; nothing to do');
      return;
  }
}
