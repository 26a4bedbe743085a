// Errors of the OCI mode: a document that is not valid (JSON, or the
// runtime spec's shape), or a value in it this runtime cannot apply. Each
// names the file and the field.
import { InvalidInputError } from '../errors.js';

/** config.json, a process.json or a resources document is not what the runtime spec says. */
export class OciConfigError extends InvalidInputError {
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super('OCI_INVALID_CONFIG', `${file}: ${message}`, options);
    this.file = file;
  }
}

/** A valid value this runtime cannot apply (yet, or on this machine). */
export class OciUnsupportedError extends InvalidInputError {
  readonly file: string;

  constructor(file: string, message: string) {
    super('OCI_UNSUPPORTED_CONFIG', `${file}: ${message}`);
    this.file = file;
  }
}
