// Limitations: a resource the container went past (the kernel OOM-killed one
// of its processes). Checked while a followed container runs, and once more
// when any container ends; the first one found is recorded in the run
// directory, and the container is destroyed.
import type { Limitation } from '../isolators/isolator.js';
import type { ContainerizerContext } from './context.js';
import type { ContainerState } from './run-dir/records.js';

export function checkLimitations(ctx: ContainerizerContext, state: ContainerState): Limitation | undefined {
  const recorded = ctx.runDir.readLimitation(state.containerId);
  if (recorded) return recorded;
  for (const isolator of ctx.isolatorsNamed(state.isolation)) {
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

/** Polls for a limitation while the container runs; calls `hit` once when there is one. */
export function watchLimitations(ctx: ContainerizerContext, state: ContainerState, hit: () => void): () => void {
  if (!ctx.isolatorsNamed(state.isolation).some((i) => i.limitation)) return () => undefined;
  const timer = setInterval(() => {
    if (checkLimitations(ctx, state)) {
      clearInterval(timer);
      hit();
    }
  }, POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
