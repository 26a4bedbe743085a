// /proc/<pid>/stat: the fields we need. The command name is in parentheses and
// may itself contain spaces or parentheses, so fields are counted from the
// last ')'.
import { readFileSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  comm: string;
  /** R, S, D, T, t, Z, X, I... */
  state: string;
  ppid: number;
  /** Field 22: clock ticks after boot. With the pid it names one process for good. */
  startTime: number;
}

export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const rest = text.slice(close + 2).split(' ');
  // rest[0] is field 3 (state), so field N is rest[N - 3].
  const startTime = Number(rest[19]);
  if (rest.length < 20 || !Number.isFinite(startTime)) return undefined;
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    state: rest[0] ?? '?',
    ppid: Number(rest[1]),
    startTime,
  };
}

export function readProcStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return undefined;
  }
}
