// A framework's subscription ended. It keeps its tasks for its failover
// timeout (Mesos: default 0, so it is removed at once); its offers return.
import type { MasterContext } from '../context.js';
import { dropFrameworkOffers } from '../offers.js';
import type { FrameworkRecord } from '../state/framework.js';
import { removeFramework } from './remove-framework.js';

/** The longest timer Node keeps (about 24.8 days); longer failover timeouts are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function disconnectFramework(ctx: MasterContext, framework: FrameworkRecord): void {
  if (ctx.frameworks.get(framework.id) !== framework) return;
  framework.subscription = undefined;
  framework.unregisteredTime = Date.now() / 1000;
  ctx.allocator.deactivateFramework(framework.id);
  dropFrameworkOffers(ctx, framework.id);
  ctx.log.info({ framework: framework.id }, `framework disconnected; failover timeout ${framework.info.failover_timeout ?? 0} s`);
  startFailoverTimer(ctx, framework, (framework.info.failover_timeout ?? 0) * 1000);
}

export function startFailoverTimer(ctx: MasterContext, framework: FrameworkRecord, timeoutMs: number): void {
  clearTimeout(framework.failoverTimer);
  if (ctx.stopped) return;
  if (timeoutMs <= 0) {
    removeFramework(ctx, framework, 'disconnected, and its failover timeout is 0');
    return;
  }
  const deadline = Date.now() + timeoutMs;
  const arm = (): void => {
    const left = deadline - Date.now();
    framework.failoverTimer = setTimeout(() => {
      if (deadline - Date.now() > 0) arm();
      else removeFramework(ctx, framework, `its failover timeout of ${timeoutMs / 1000} s passed`);
    }, Math.min(Math.max(left, 0), MAX_TIMER_MS));
  };
  arm();
}
