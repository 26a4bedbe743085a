import { ContainerizerError } from '../errors.js';

/** A command line that does not parse: bad flag, missing value, stray word. */
export class UsageError extends ContainerizerError {
  constructor(message: string) {
    super('USAGE', message);
  }
}
