// task.updates: a task's status updates and their acknowledgements, one JSON
// record per line, each on disk (the file is opened O_DSYNC) before the
// append returns. Mesos writes the same records (StatusUpdateRecord UPDATE / ACK) as
// length-prefixed protobufs.
//
// On recovery a torn last record (no final newline: the agent died in the
// middle of the append) is cut off; any other record that does not parse is
// an error naming the file and the line.
import { closeSync, constants, mkdirSync, openSync, writeSync } from 'node:fs';
import { readFile, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';

import * as z from 'zod/mini';

import { errnoCode, messageOf } from '../../errors.js';
import { parseJsonText, parseWith } from '../../mesos/validate.js';
import { UuidSchema } from '../../mesos/uuid.js';
import type { StatusUpdate } from '../../mesos/wire/status-update.js';
import { StatusUpdateSchema } from '../../mesos/wire/status-update.js';
import { CheckpointError } from './errors.js';

export const UpdateRecordSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('UPDATE'), update: StatusUpdateSchema }),
  z.object({ type: z.literal('ACK'), uuid: UuidSchema }),
]);
export type UpdateRecord = { type: 'UPDATE'; update: StatusUpdate } | { type: 'ACK'; uuid: string };

export class UpdateLog {
  private fd: number | undefined;

  /** The file is opened (created, in append mode) with the first append; `made`: its directory exists. */
  constructor(
    readonly path: string,
    private readonly made = false,
  ) {}

  /**
   * Appends the record; it is on disk when this returns (O_DSYNC). A
   * synchronous write: on tmpfs it costs 2 us where Node's asynchronous one
   * costs 50, and on a disk the wait is the same either way.
   */
  append(record: UpdateRecord): void {
    const line = `${JSON.stringify(record)}\n`;
    try {
      if (this.fd === undefined) {
        if (!this.made) mkdirSync(dirname(this.path), { recursive: true });
        this.fd = openSync(this.path, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC, 0o600);
      }
      writeSync(this.fd, line);
    } catch (cause) {
      throw new CheckpointError('CHECKPOINT_WRITE_FAILED', this.path, `cannot write a status update to ${this.path}: ${messageOf(cause)}`, { cause });
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

export interface ReadLog {
  records: UpdateRecord[];
  /** Bytes of a torn last record, cut off the file. */
  tornBytes: number;
}

/** Reads a task.updates file; a missing file has no records. */
export async function readUpdateLog(path: string): Promise<ReadLog> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if (errnoCode(cause) === 'ENOENT') return { records: [], tornBytes: 0 };
    throw new CheckpointError('CHECKPOINT_UNREADABLE', path, `cannot read ${path}: ${messageOf(cause)}`, { cause });
  }
  const end = text.lastIndexOf('\n') + 1;
  const tornBytes = Buffer.byteLength(text.slice(end));
  if (tornBytes > 0) await truncate(path, Buffer.byteLength(text.slice(0, end)));
  const records = text
    .slice(0, end)
    .split('\n')
    .slice(0, -1)
    .map((line, i) => {
      try {
        return parseWith(UpdateRecordSchema, parseJsonText(line, 'status update record', 'CHECKPOINT_UNREADABLE'), 'status update record', 'CHECKPOINT_UNREADABLE') as UpdateRecord;
      } catch (cause) {
        throw new CheckpointError('CHECKPOINT_UNREADABLE', path, `${path}, line ${i + 1}: ${messageOf(cause)}`, { cause });
      }
    });
  return { records, tornBytes };
}
