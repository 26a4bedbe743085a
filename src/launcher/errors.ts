import type { ErrorCode } from '../errors.js';
import { ContainerizerError } from '../errors.js';

/** Stable codes for the stub's failure stages. */
const CODES: Record<string, ErrorCode> = {
  options: 'INIT_STUB_USAGE',
  user: 'USER_NOT_FOUND',
  exec: 'EXEC_FAILED',
  mount: 'MOUNT_FAILED',
  cgroup: 'CGROUP_JOIN_FAILED',
  unshare: 'NAMESPACE_FAILED',
  chdir: 'CHDIR_FAILED',
  sync: 'LAUNCH_ABORTED',
  oom: 'OOM_WATCH_FAILED',
  capabilities: 'CAPABILITIES_FAILED',
  record: 'RECORD_WRITE_FAILED',
};

export class LaunchError extends ContainerizerError {
  readonly containerId: string;
  readonly stage: string;
  /** errno name from the stub (ENOENT...), when a system call failed. */
  readonly errno: string | undefined;

  constructor(containerId: string, stage: string, errno: string | undefined, message: string, options?: { cause?: unknown }) {
    super(LaunchError.codeFor(stage, errno), message, options);
    this.containerId = containerId;
    this.stage = stage;
    this.errno = errno;
  }

  /** The stub's error event (on its status fd, or handed back): the message as the stub wrote it, after the container's id. */
  static fromEvent(containerId: string, event: { stage: string; code: string; message: string }): LaunchError {
    return new LaunchError(containerId, event.stage, event.code || undefined, `container '${containerId}': ${event.message}`);
  }

  static codeFor(stage: string, errno: string | undefined): ErrorCode {
    if (stage === 'exec') return errno === 'ENOENT' ? 'EXEC_NOT_FOUND' : 'EXEC_FAILED';
    if (stage === 'user' && errno) return 'USER_SWITCH_FAILED';
    return CODES[stage] ?? 'LAUNCH_FAILED';
  }
}
