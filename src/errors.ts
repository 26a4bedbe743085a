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

/**
 * Text on one line: every error the CLI prints is one line, so that a
 * multi-line cause (a module's throw, a tool's stderr, a path with a newline)
 * cannot break the output apart. Line breaks become a space; other control
 * characters are shown escaped.
 */
export function oneLine(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .trim();
}

/** The message of anything thrown, on one line: what messages of ours are built from. */
export function messageOf(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error));
}

/** JSON.parse's complaint, with the snippet of input it quotes kept on one line (\n, not a line break). */
export function jsonErrorOf(cause: unknown): string {
  return messageOf(cause instanceof Error ? new Error(cause.message.replace(/\r/g, '\\r').replace(/\n/g, '\\n')) : cause);
}
