// The init stub's status fd: one JSON object per line.
import type { Readable } from 'node:stream';

export interface InitEvent {
  event: 'init';
  /** Host pid of the container's init (with enter: of the entered process). */
  pid: number;
  /** Not reported by enter. */
  start_time: number;
  pid_ns: number;
  new_pid_ns: boolean;
}
export interface RunningEvent {
  event: 'running';
  /** The task's pid inside the container's pid namespace. */
  task_pid: number;
}
export interface ErrorEvent {
  event: 'error';
  stage: string;
  errno: number;
  code: string;
  status: number;
  message: string;
}
export interface ExitEvent {
  event: 'exit';
  exit_code: number | null;
  signal: number | null;
}
export type StatusEvent = InitEvent | RunningEvent | ErrorEvent | ExitEvent;

export function onStatusEvents(stream: Readable, handle: (event: StatusEvent) => void): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (!line) continue;
      let event: StatusEvent;
      try {
        event = JSON.parse(line) as StatusEvent;
      } catch {
        continue; // not ours (the stub writes only JSON lines): never a crash of the caller
      }
      handle(event);
    }
  });
}
