// The sandbox: the task's working directory, with its stdout and stderr.
import { constants, existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

import { InvalidInputError } from '../errors.js';

export function sandboxPath(workDir: string, containerId: string, directory?: string): string {
  if (directory !== undefined) {
    if (!isAbsolute(directory)) throw new InvalidInputError('INVALID_DIRECTORY', `--directory must be an absolute path, got '${directory}'`);
    return resolve(directory);
  }
  return join(resolve(workDir), 'containers', containerId);
}

/** Makes the sandbox; returns whether it was made now (and so is ours to remove on failure). */
export function createSandbox(path: string): boolean {
  const existed = existsSync(path);
  mkdirSync(path, { recursive: true, mode: 0o755 });
  return !existed;
}

export function removeSandbox(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

export function openSandboxOutput(sandbox: string): { stdout: number; stderr: number } {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND;
  return { stdout: openSync(join(sandbox, 'stdout'), flags, 0o644), stderr: openSync(join(sandbox, 'stderr'), flags, 0o644) };
}
