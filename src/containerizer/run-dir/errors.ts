import { ContainerizerError, errnoCode } from '../../errors.js';

const HINTS: Record<string, string> = {
  ENOSPC: 'no space left on its file system: free some, or choose another --runtime_dir',
  EDQUOT: 'the disk quota is exhausted: free some space, or choose another --runtime_dir',
  EROFS: 'its file system is read-only: choose another --runtime_dir',
  EACCES: 'permission denied: the runtime dir must be writable by root',
  ENOENT: 'its directory is gone (removed while the command ran?)',
};

/** A run-directory record that could not be written: names the file and what to do. */
export class RecordWriteError extends ContainerizerError {
  readonly path: string;

  constructor(path: string, what: string, cause: unknown) {
    const code = errnoCode(cause);
    const why = (code && HINTS[code]) ?? (cause instanceof Error ? cause.message : String(cause));
    super('RECORD_WRITE_FAILED', `cannot write ${what} ${path}: ${why}${code && HINTS[code] ? ` (${code})` : ''}`, { cause });
    this.path = path;
  }
}

/** Another process holds the container's lock for longer than we may wait. */
export class ContainerBusyError extends ContainerizerError {
  readonly containerId: string;

  constructor(containerId: string, holder: string, seconds: number) {
    super('CONTAINER_BUSY', `container '${containerId}' is locked by ${holder}, which did not finish within ${seconds}s; try again later`);
    this.containerId = containerId;
  }
}
