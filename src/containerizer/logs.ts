// logs: the task's stdout or stderr from its sandbox, the last N lines, and
// following it while the container runs.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';

import { ContainerizerError } from '../errors.js';
import type { ContainerizerContext } from './context.js';
import { isFinal, requireRecord, viewContainer } from './view.js';
import { nextChange } from './watch.js';

export interface LogsRequest {
  stream: 'stdout' | 'stderr';
  follow: boolean;
  /** Only the last N lines. */
  tail?: number;
}

const CHUNK = 64 * 1024;

/** Where the last `lines` lines of the file start (reading backwards, never the whole file). */
function offsetOfLastLines(fd: number, size: number, lines: number): number {
  if (lines === 0) return size;
  let end = size;
  let newlines = 0;
  const buffer = Buffer.alloc(CHUNK);
  // A final newline ends the last line; it does not start another.
  let skipFinal = true;
  while (end > 0) {
    const start = Math.max(0, end - CHUNK);
    const n = readSync(fd, buffer, 0, end - start, start);
    for (let i = n - 1; i >= 0; i--) {
      if (buffer[i] !== 0x0a) continue;
      if (skipFinal && start + i === size - 1) continue;
      if (++newlines === lines) return start + i + 1;
    }
    skipFinal = false;
    end = start;
  }
  return 0;
}

function copyRange(fd: number, from: number, to: number, out: Writable): number {
  const buffer = Buffer.alloc(CHUNK);
  let position = from;
  while (position < to) {
    const n = readSync(fd, buffer, 0, Math.min(CHUNK, to - position), position);
    if (n <= 0) break;
    out.write(Buffer.from(buffer.subarray(0, n)));
    position += n;
  }
  return position;
}

export async function streamLogs(ctx: ContainerizerContext, id: string, request: LogsRequest, out: Writable): Promise<void> {
  const { state } = requireRecord(viewContainer(ctx, id));
  const path = join(state.sandbox, request.stream);
  if (!existsSync(path)) {
    throw new ContainerizerError('NO_LOGS', `container '${id}' has no ${request.stream} file in its sandbox ${state.sandbox} (a foreground launch writes to the launching terminal instead)`);
  }
  const fd = openSync(path, 'r');
  try {
    let size = statSync(path).size;
    let position = request.tail === undefined ? 0 : offsetOfLastLines(fd, size, request.tail);
    position = copyRange(fd, position, size, out);
    while (request.follow) {
      const running = !isFinal(viewContainer(ctx, id));
      await nextChange(path, 200);
      size = statSync(path).size;
      position = copyRange(fd, position, size, out);
      if (!running) break; // one last read after the end
    }
  } finally {
    closeSync(fd);
  }
}
