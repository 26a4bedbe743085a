// strsignal(3) as glibc words it: Mesos's command executor reports
// "Command terminated with signal Killed", not "SIGKILL".
import { constants } from 'node:os';

const DESCRIPTIONS: Record<string, string> = {
  SIGHUP: 'Hangup',
  SIGINT: 'Interrupt',
  SIGQUIT: 'Quit',
  SIGILL: 'Illegal instruction',
  SIGTRAP: 'Trace/breakpoint trap',
  SIGABRT: 'Aborted',
  SIGBUS: 'Bus error',
  SIGFPE: 'Floating point exception',
  SIGKILL: 'Killed',
  SIGUSR1: 'User defined signal 1',
  SIGSEGV: 'Segmentation fault',
  SIGUSR2: 'User defined signal 2',
  SIGPIPE: 'Broken pipe',
  SIGALRM: 'Alarm clock',
  SIGTERM: 'Terminated',
  SIGSTKFLT: 'Stack fault',
  SIGCHLD: 'Child exited',
  SIGCONT: 'Continued',
  SIGSTOP: 'Stopped (signal)',
  SIGTSTP: 'Stopped',
  SIGTTIN: 'Stopped (tty input)',
  SIGTTOU: 'Stopped (tty output)',
  SIGURG: 'Urgent I/O condition',
  SIGXCPU: 'CPU time limit exceeded',
  SIGXFSZ: 'File size limit exceeded',
  SIGVTALRM: 'Virtual timer expired',
  SIGPROF: 'Profiling timer expired',
  SIGWINCH: 'Window changed',
  SIGIO: 'I/O possible',
  SIGPWR: 'Power failure',
  SIGSYS: 'Bad system call',
};

export function describeSignal(signal: number): string {
  const name = Object.entries(constants.signals).find(([, n]) => n === signal)?.[0];
  if (name && DESCRIPTIONS[name]) return DESCRIPTIONS[name]!;
  if (signal >= 34 && signal <= 64) return `Real-time signal ${signal - 34}`;
  return `Unknown signal ${signal}`;
}
