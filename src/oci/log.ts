// Errors and warnings of the Node side, the way the C front-end writes them:
// one line on stderr, and one line in --log (JSON with --log-format json,
// containerd's shim shows the msg of its last error line). Written with
// writeSync on the fds: process.stderr would make fd 2 non-blocking, and in
// create and exec fd 2 is the container's own stderr.
import { appendFileSync, writeSync } from 'node:fs';

import { oneLine } from '../errors.js';

export interface LogTarget {
  path?: string;
  json: boolean;
}

export function logLine(target: LogTarget, level: 'error' | 'warning', message: string, now = new Date()): string {
  const msg = oneLine(message);
  return target.json
    ? `${JSON.stringify({ level, msg, time: now.toISOString() })}\n`
    : `time=${JSON.stringify(now.toISOString())} level=${level} msg=${JSON.stringify(msg)}\n`;
}

export function writeLog(target: LogTarget, level: 'error' | 'warning', message: string): void {
  if (!target.path) return;
  try {
    appendFileSync(target.path, logLine(target, level, message), { mode: 0o644 });
  } catch {
    // a log that cannot be written must not hide the error itself (stderr has it)
  }
}

export function reportError(target: LogTarget, message: string): void {
  writeLog(target, 'error', message);
  try {
    writeSync(2, `mesos-containerizer-oci: ${oneLine(message)}\n`);
  } catch {
    // stderr closed
  }
}
