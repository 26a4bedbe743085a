import type { ErrorCode } from '../errors.js';
import { ContainerizerError } from '../errors.js';

export class CgroupError extends ContainerizerError {
  readonly path: string;

  constructor(code: ErrorCode, path: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.path = path;
  }
}
