// Limitations: a resource the container went past (the kernel OOM-killed one
// of its processes). The init stub watches a memory cgroup itself (it
// records the limitation, then ends the container); other isolators'
// limitation() is polled while this process follows the container. Checked
// once more when any container ends, as a last resort; the first one found
// is recorded in the run directory, and the container is destroyed.
import type { Limitation } from '../isolators/isolator.js';
import type { ContainerizerContext } from './context.js';
import type { ContainerState } from './run-dir/records.js';

export function checkLimitations(ctx: ContainerizerContext, state: ContainerState, skip: ReadonlySet<string> = new Set()): Limitation | undefined {
  const recorded = ctx.runDir.readLimitation(state.containerId);
  if (recorded) return recorded;
  for (const isolator of ctx.isolatorsNamed(state.isolation)) {
    if (skip.has(isolator.name)) continue;
    const limitation = isolator.limitation?.({
      containerId: state.containerId,
      sandbox: state.sandbox,
      state: state.isolatorState[isolator.name],
      logger: ctx.logger,
    });
    if (limitation) {
      ctx.runDir.writeLimitation(state.containerId, limitation);
      ctx.logger.warn({ container: state.containerId, ...limitation }, 'container hit a limit');
      return limitation;
    }
  }
  return undefined;
}

const POLL_MS = 200;

/**
 * Polls for a limitation while the container runs; calls `hit` once when
 * there is one. Isolators the stub watches for (`watchedByStub`) are left out.
 */
export function watchLimitations(ctx: ContainerizerContext, state: ContainerState, watchedByStub: ReadonlySet<string>, hit: () => void): () => void {
  if (!ctx.isolatorsNamed(state.isolation).some((i) => i.limitation && !watchedByStub.has(i.name))) return () => undefined;
  const timer = setInterval(() => {
    if (checkLimitations(ctx, state, watchedByStub)) {
      clearInterval(timer);
      hit();
    }
  }, POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
