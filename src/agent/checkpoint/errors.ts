import { ContainerizerError } from '../../errors.js';

/** A checkpoint that cannot be written, or read back at recovery. */
export class CheckpointError extends ContainerizerError {
  readonly path: string;

  constructor(code: 'CHECKPOINT_UNREADABLE' | 'CHECKPOINT_WRITE_FAILED' | 'CHECKPOINT_INCOMPATIBLE', path: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.path = path;
  }
}
