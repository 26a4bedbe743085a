// The project's error vocabulary. Every error has a stable `code` that
// programs can match on (listed, with its meaning and exit codes, in
// error-codes.ts), a message that names the thing that is wrong, and the
// underlying `cause` where there is one.
import type { ErrorCode } from './error-codes.js';

export type { ErrorCode } from './error-codes.js';

export class ContainerizerError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Input that can never work: a bad id, flag, JSON document or path. */
export class InvalidInputError extends ContainerizerError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
