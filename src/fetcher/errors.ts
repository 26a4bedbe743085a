import { ContainerizerError } from '../errors.js';

/** A URI that could not be fetched into the sandbox; the message names it. */
export class FetchError extends ContainerizerError {
  readonly uri: string;

  constructor(uri: string, message: string, options?: { cause?: unknown }) {
    super('FETCH_FAILED', `cannot fetch '${uri}': ${message}`, options);
    this.uri = uri;
  }
}
