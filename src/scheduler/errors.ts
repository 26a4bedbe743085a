import { ContainerizerError } from '../errors.js';

export type SchedulerErrorCode = 'BAD_MASTER_ADDRESS' | 'MASTER_UNREACHABLE' | 'CALL_REFUSED' | 'SUBSCRIBE_REFUSED' | 'NOT_SUBSCRIBED' | 'FRAMEWORK_ERROR' | 'TIMEOUT' | 'CLOSED';

/** A call the master refused or did not answer, or a subscription that ended for good. */
export class SchedulerError extends ContainerizerError {
  /** The master's HTTP status, when it answered. */
  readonly status: number | undefined;

  constructor(code: SchedulerErrorCode, message: string, options?: { cause?: unknown; status?: number }) {
    super(code, message, options);
    this.status = options?.status;
  }
}
