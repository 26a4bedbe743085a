// How a container ended, as callers see it: exit code and signal apart,
// never a raw wait status (DESIGN.md §5).
import { constants } from 'node:os';

import type { Limitation } from '../isolators/isolator.js';
import type { TerminationRecord } from './state.js';

export interface Termination {
  container_id: string;
  exit_code: number | null;
  signal: number | null;
  /** A destroy was requested before the container ended. */
  destroyed: boolean;
  /** ISO time, or null when nobody saw the end (the monitor was gone too). */
  finished_at: string | null;
  /** A limit it hit, which ended it (the kernel killed a process out of memory). */
  limitation: Limitation | null;
  message: string;
}

export function signalName(signal: number): string {
  const entry = Object.entries(constants.signals).find(([, n]) => n === signal);
  return entry ? entry[0] : `signal ${signal}`;
}

export function describeEnd(record: TerminationRecord | undefined, destroyed: boolean, limitation?: Limitation): string {
  if (limitation) return limitation.message;
  if (record?.error) return record.error.message;
  const how =
    record === undefined
      ? 'ended; its exit status is unknown (its monitor was gone)'
      : record.signal !== null
        ? `killed by signal ${record.signal} (${signalName(record.signal)})`
        : `exited with status ${record.exit_code}`;
  return destroyed ? `destroyed: ${how}` : how;
}

export function toTermination(containerId: string, record: TerminationRecord | undefined, destroyed: boolean, limitation?: Limitation): Termination {
  return {
    container_id: containerId,
    exit_code: record?.exit_code ?? null,
    signal: record?.signal ?? null,
    destroyed,
    finished_at: record ? new Date(record.finished_at).toISOString() : null,
    limitation: limitation ?? null,
    message: describeEnd(record, destroyed, limitation),
  };
}

/** The shell convention: the exit code, or 128 + N when signal N ended it. */
export function shellExitCode(termination: Pick<Termination, 'exit_code' | 'signal'>): number {
  if (termination.signal !== null) return 128 + termination.signal;
  return termination.exit_code ?? 125;
}
