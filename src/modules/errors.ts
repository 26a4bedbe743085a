import type { ErrorCode } from '../errors.js';
import { ContainerizerError } from '../errors.js';

/** A module that cannot be loaded, verified or created: names the library and the module. */
export class ModuleError extends ContainerizerError {
  readonly library: string | undefined;
  readonly module: string | undefined;

  constructor(code: ErrorCode, message: string, where: { library?: string; module?: string } = {}, options?: { cause?: unknown }) {
    super(code, message, options);
    this.library = where.library;
    this.module = where.module;
  }
}
