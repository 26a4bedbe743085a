// A signal to a container's task by container id, from any process (a
// restarted agent too): sent to the container's init through a pidfd after
// checking its start time, so a pid the kernel has reused is never hit. The
// init forwards SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 to the
// task; SIGKILL ends the init, and with it a pid namespace.
import type { SignalOutcome } from '../proc/pidfd-signal.js';
import { signalIdentity } from '../proc/pidfd-signal.js';
import type { ContainerizerContext } from './context.js';
import { viewContainer } from './view.js';

export type { SignalOutcome } from '../proc/pidfd-signal.js';

/** 'sent', or 'gone' when the container has ended (or is not started yet). Unknown ids throw UNKNOWN_CONTAINER. */
export async function signalContainer(ctx: ContainerizerContext, id: string, signal: NodeJS.Signals | number): Promise<SignalOutcome> {
  const view = viewContainer(ctx, id);
  if (view.phase !== 'running' || !view.state.init) return 'gone';
  return signalIdentity(view.state.init, signal);
}
