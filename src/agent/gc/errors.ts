import { ContainerizerError } from '../../errors.js';

/** A directory the garbage collector could not remove (logged and counted; the agent goes on). */
export class GcRemovalError extends ContainerizerError {
  constructor(
    readonly path: string,
    /** The system's reason (EBUSY, EACCES...) or ours (MOUNTED: a mount in it; LIVE: a live task uses it). */
    readonly reason: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('GC_REMOVAL_FAILED', message, options);
  }
}
