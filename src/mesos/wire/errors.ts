import { ContainerizerError } from '../../errors.js';

/** A message that did not reach its peer, or that the peer refused. */
export class WireError extends ContainerizerError {
  readonly url: string;
  /** The peer's HTTP status, when it answered. */
  readonly status: number | undefined;

  constructor(code: 'PEER_UNREACHABLE' | 'PEER_REJECTED', url: string, message: string, options?: { cause?: unknown; status?: number }) {
    super(code, message, options);
    this.url = url;
    this.status = options?.status;
  }
}
