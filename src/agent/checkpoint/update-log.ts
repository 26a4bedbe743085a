// task.updates: a task's status updates and their acknowledgements, one JSON
// record per line, appended and synced (fdatasync) before the append is
// done. Mesos writes the same records (StatusUpdateRecord UPDATE / ACK) as
// length-prefixed protobufs.
//
// On recovery a torn last record (no final newline: the agent died in the
// middle of the append) is cut off; any other record that does not parse is
// an error naming the file and the line.
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, readFile, truncate } from 'node:fs/promises';
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
  private tail: Promise<unknown> = Promise.resolve();
  private handle: Promise<FileHandle> | undefined;

  /** The file is opened (created, in append mode) with the first append. */
  constructor(readonly path: string) {}

  /** Appends the record; resolves once it is on disk. Appends keep their order. */
  append(record: UpdateRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const done = this.tail.then(async () => {
      try {
        const handle = await (this.handle ??= this.openFile());
        await handle.appendFile(line);
        await handle.datasync();
      } catch (cause) {
        this.handle = undefined;
        throw new CheckpointError('CHECKPOINT_WRITE_FAILED', this.path, `cannot write a status update to ${this.path}: ${messageOf(cause)}`, { cause });
      }
    });
    this.tail = done.catch(() => undefined);
    return done;
  }

  async close(): Promise<void> {
    await this.tail;
    const handle = this.handle;
    this.handle = undefined;
    await (await handle?.catch(() => undefined))?.close();
  }

  private async openFile(): Promise<FileHandle> {
    await mkdir(dirname(this.path), { recursive: true });
    return open(this.path, 'a', 0o600);
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
