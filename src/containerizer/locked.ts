// Runs an operation on one container under its lock (launch, destroy, gc,
// cleanup never overlap), with the record read afresh once the lock is ours.
import type { ContainerizerContext } from './context.js';
import { UnknownContainerError } from './errors.js';
import type { ContainerView } from './view.js';
import { viewContainer } from './view.js';

function holder(ctx: ContainerizerContext, id: string): () => string {
  return () => {
    try {
      const record = ctx.runDir.readState(id).value;
      if (record?.phase === 'launching') return `its launch (pid ${record.launcher.pid})`;
    } catch {
      // gone meanwhile
    }
    return 'another process (a destroy, gc, recover or wait)';
  };
}

/** Throws UNKNOWN_CONTAINER when the entry is gone (forgotten while we waited). */
export async function withLockedView<T>(ctx: ContainerizerContext, id: string, deadline: number, act: (view: ContainerView) => Promise<T>): Promise<T> {
  const lock = await ctx.runDir.lock(ctx.host, id, deadline, holder(ctx, id));
  if (!lock) throw new UnknownContainerError(id, ctx.runDir.root);
  try {
    return await act(viewContainer(ctx, id));
  } finally {
    lock.release();
  }
}
