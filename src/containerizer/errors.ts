import { ContainerizerError } from '../errors.js';

export class UnknownContainerError extends ContainerizerError {
  readonly containerId: string;

  constructor(containerId: string, runDirectory: string) {
    super('UNKNOWN_CONTAINER', `unknown container '${containerId}' (nothing in ${runDirectory})`);
    this.containerId = containerId;
  }
}

export class ContainerExistsError extends ContainerizerError {
  readonly containerId: string;

  constructor(containerId: string, path: string, options?: { cause?: unknown }) {
    super(
      'CONTAINER_EXISTS',
      `container '${containerId}' already exists (${path}); choose another id, or destroy it and forget it with \`mesos-containerizer gc --container_id=${containerId}\``,
      options,
    );
    this.containerId = containerId;
  }
}

export class DestroyError extends ContainerizerError {
  readonly containerId: string;

  constructor(code: 'DESTROY_TIMEOUT' | 'DESTROY_FAILED', containerId: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.containerId = containerId;
  }
}
