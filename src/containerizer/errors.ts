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

export type DestroyErrorCode = 'DESTROY_TIMEOUT' | 'DESTROY_FAILED' | 'DESTROY_INCOMPLETE';

export class DestroyError extends ContainerizerError {
  readonly containerId: string;

  constructor(code: DestroyErrorCode, containerId: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.containerId = containerId;
  }
}

/** A destroy (or the launch request's AbortSignal) stopped the launch: the task never started. */
export class LaunchAbortedError extends ContainerizerError {
  readonly containerId: string;
  readonly by: 'destroy' | 'signal';

  constructor(containerId: string, by: 'destroy' | 'signal') {
    super(
      'LAUNCH_ABORTED',
      by === 'destroy'
        ? `container '${containerId}' was destroyed during launch: the task never started`
        : `the launch of container '${containerId}' was aborted by its caller: the task never started`,
    );
    this.containerId = containerId;
    this.by = by;
  }
}
