// Records that must survive a crash: a temporary file, fsync, rename over
// the final name, fsync of the directory. A reader sees the old record or
// the new one, never half of one. (The lifecycle branch brings the same
// helper to src/containerizer/run-dir/; this one goes when it lands.)
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

import { ContainerizerError } from '../errors.js';

export function writeFileAtomically(path: string, content: string | Buffer, options: { durable: boolean; what: string }): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
      if (options.durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
    if (options.durable) {
      const dir = openSync(dirname(path), 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    }
  } catch (cause) {
    rmSync(temporary, { force: true });
    throw new ContainerizerError('OCI_STATE_WRITE_FAILED', `cannot write ${options.what} ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
