import { InvalidInputError } from '../../errors.js';

export class VolumeError extends InvalidInputError {
  readonly containerPath: string;

  constructor(containerPath: string, message: string, options?: { cause?: unknown }) {
    super('INVALID_VOLUME', `volume '${containerPath}': ${message}`, options);
    this.containerPath = containerPath;
  }
}
