// The foreground launch's hand-over: this process becomes the init stub
// (execve), which its caller then waits for. What Node leaves behind that an
// execve would keep is set right here:
//   - Node marks every fd close-on-exec, stdin, stdout and stderr included:
//     those three and the stub's own fds are kept open;
//   - the environment is not passed: the stub runs with an empty one;
//   - signals we forward (FORWARDED) are blocked first, so that one arriving
//     now stays pending across the execve until the stub reads it, and those
//     that came during the launch are raised again into that pending set;
//     the stub forwards them all to the task. (One that Node's own handler
//     thread catches between the block and the execve, microseconds, is lost.)
//   - SIGPIPE and SIGXFSZ, which Node ignores, stay ignored in the stub; the
//     task gets every signal's default disposition and an empty mask.
import { blockSignals, execve, keepOpenAcrossExec } from '../../native-bindings/libc.js';
import type { HandOver } from '../containerizer/hand-over.js';

export const FORWARDED: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/** bin/ writes the V8 code cache of this run here: a hand-over never returns to it. */
let beforeExec = (): void => undefined;
export function setBeforeExec(hook: () => void): void {
  beforeExec = hook;
}

/** Returns only by throwing (the execve failed; nothing was handed over). */
export function execStub(handOver: HandOver, pending: readonly NodeJS.Signals[]): never {
  beforeExec();
  for (const fd of [0, 1, 2, ...handOver.fds]) keepOpenAcrossExec(fd);
  blockSignals(FORWARDED, pending);
  return execve(handOver.program, [handOver.program, ...handOver.args], []);
}
