import { ContainerizerError } from '../errors.js';

/** The master cannot start: a bad flag, an unreadable registry, a port in use. */
export class MasterStartError extends ContainerizerError {
  constructor(code: 'REGISTRY_UNREADABLE' | 'LISTEN_FAILED', message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** The registry could not be written: what was being recorded did not happen. */
export class RegistryWriteError extends ContainerizerError {
  readonly path: string;

  constructor(path: string, options?: { cause?: unknown }) {
    super('REGISTRY_WRITE_FAILED', `cannot write the registry ${path}: ${(options?.cause as Error | undefined)?.message ?? 'unknown error'}`, options);
    this.path = path;
  }
}
