// A launch the init stub handed back: it failed, or a destroy stopped it,
// before the task ran, after the CLI had handed over to the stub (hand-over.ts).
// The stub exec'ed the CLI again, with the same command line, the same pid
// (so the record's launcher is this process) and the container's lock. What
// the launch made is undone as after any failed launch: what runs is killed,
// the isolators clean up, the cgroups, sandbox and entry go (a destroyed
// launch keeps its entry, saying so). Then the launch's error is returned.
import { ContainerizerError, messageOf } from '../errors.js';
import { LaunchError } from '../launcher/errors.js';
import type { ContainerizerContext } from './context.js';
import { LaunchAbortedError } from './errors.js';
import type { HandBackEvent } from './hand-over.js';
import { killContainer } from './kill-container.js';
import { recordAborted } from './launch-record.js';
import { DEFAULTS } from './options.js';
import { adoptLock } from './run-dir/entry-lock.js';
import { removeSandbox } from './sandbox.js';
import { cleanUp } from './teardown.js';
import { requireRecord, viewContainer } from './view.js';

export async function finishHandedBack(ctx: ContainerizerContext, id: string, handedBack: HandBackEvent): Promise<Error> {
  const lock = adoptLock(ctx.runDir.dir(id), handedBack.lockFd);
  try {
    const { state } = requireRecord(viewContainer(ctx, id));
    const self = ctx.host.self();
    if (state.launcher.pid !== self.pid || state.launcher.startTime !== self.startTime) {
      throw new ContainerizerError('LAUNCH_FAILED', `container '${id}' was launched by pid ${state.launcher.pid}, not by this process (pid ${self.pid}): there is no launch of it to finish here`);
    }
    const deadline = ctx.host.now() + DEFAULTS.destroyTimeoutSeconds * 1000;
    try {
      await killContainer(ctx, state, deadline);
      await cleanUp(ctx, state, deadline);
    } catch (error) {
      ctx.logger.warn({ container: id, err: messageOf(error) }, 'undoing the failed launch failed in part');
    }
    if (state.sandboxCreated) removeSandbox(state.sandbox);
    const destroyed = ctx.runDir.destroyRequested(id);
    if (destroyed) recordAborted(ctx, state, 'destroy');
    else ctx.runDir.remove(id);
    if (destroyed) return new LaunchAbortedError(id, 'destroy');
    return handedBack.error
      ? LaunchError.fromEvent(id, handedBack.error)
      : new LaunchError(id, 'monitor', undefined, `container '${id}': the init stub gave the launch back without saying why`);
  } finally {
    lock.release();
  }
}
