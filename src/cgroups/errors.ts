import { ContainerizerError } from '../errors.js';

export class CgroupError extends ContainerizerError {
  readonly path: string;

  constructor(code: string, path: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.path = path;
  }
}
