// Race-free signals: open a pidfd first, then check that the pid still has the
// start time we recorded. A pid the kernel has since reused fails the check;
// a process that dies after the open makes the signal a harmless ESRCH.
import { constants } from 'node:os';

import { closeFd, pidfdOpen, pidfdSendSignal } from '../../native-bindings/libc.js';
import { errnoCode } from '../errors.js';
import type { ProcessIdentity } from './identity.js';
import { readProcStat } from './stat.js';


export type SignalOutcome = 'sent' | 'gone';

/**
 * Sends `signal` to the process if it is still the one `verify` accepts.
 * Returns 'gone' when the process has exited or the pid now names another.
 */
export async function signalProcess(
  pid: number,
  signal: NodeJS.Signals | number,
  verify: (pid: number) => boolean,
): Promise<SignalOutcome> {
  const number = typeof signal === 'number' ? signal : constants.signals[signal];
  let pidfd: number;
  try {
    pidfd = pidfdOpen(pid);
  } catch (error) {
    if (errnoCode(error) === 'ESRCH') return 'gone';
    throw error;
  }
  try {
    if (!verify(pid)) return 'gone';
    pidfdSendSignal(pidfd, number);
    return 'sent';
  } catch (error) {
    if (errnoCode(error) === 'ESRCH') return 'gone';
    throw error;
  } finally {
    closeFd(pidfd);
  }
}

export function signalIdentity(identity: ProcessIdentity, signal: NodeJS.Signals | number): Promise<SignalOutcome> {
  return signalProcess(identity.pid, signal, (pid) => readProcStat(pid)?.startTime === identity.startTime);
}
