// A relative host_path is a directory inside the sandbox, made on demand one
// level at a time, each level with the mode and owner of the matching level
// of the container path (as Mesos does: a private /tmp is 1777 like /tmp).
// It may not leave the sandbox: no '..', no symbolic link on the way.
import { chmodSync, chownSync, lstatSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { errnoCode } from '../../errors.js';
import { VolumeError } from './errors.js';
import { components, isAtOrBelow } from './paths.js';

export function checkRelativeHostPath(containerPath: string, hostPath: string): string[] {
  if (hostPath.includes('\0')) throw new VolumeError(containerPath, `host path ${JSON.stringify(hostPath)} contains a NUL byte`);
  const parts = components(hostPath);
  if (parts.includes('..')) {
    throw new VolumeError(containerPath, `relative host path '${hostPath}' may not contain '..': it must stay inside the sandbox`);
  }
  return parts;
}

/** The container directory whose mode and owner host level `index` (of `count`) copies, aligned from the end. */
function matchingContainerLevel(containerPath: string, index: number, count: number): string | undefined {
  const levels = components(containerPath);
  const at = levels.length - (count - index);
  return at >= 0 ? `/${levels.slice(0, at + 1).join('/')}` : undefined;
}

function copyModeAndOwner(path: string, from: string | undefined): void {
  if (!from) return;
  const st = statSync(from);
  chmodSync(path, st.mode & 0o7777);
  chownSync(path, st.uid, st.gid);
}

/** Makes (or checks) <sandbox>/<hostPath>; returns its real path. */
export function createRelativeHostPath(sandbox: string, containerPath: string, hostPath: string): string {
  const parts = checkRelativeHostPath(containerPath, hostPath);
  let current = sandbox;
  parts.forEach((part, i) => {
    current = join(current, part);
    const leaf = i === parts.length - 1;
    let created = false;
    try {
      mkdirSync(current);
      created = true;
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw new VolumeError(containerPath, `cannot create host path '${current}'`, { cause: error });
    }
    const st = lstatSync(current);
    if (st.isSymbolicLink()) {
      throw new VolumeError(containerPath, `host path '${hostPath}' goes through a symbolic link at '${current}': it must stay inside the sandbox`);
    }
    if (!st.isDirectory()) throw new VolumeError(containerPath, `host path '${current}' exists and is not a directory`);
    if (created || leaf) copyModeAndOwner(current, matchingContainerLevel(containerPath, i, parts.length));
  });
  const real = realpathSync(current);
  if (!isAtOrBelow(real, realpathSync(sandbox))) {
    throw new VolumeError(containerPath, `host path '${hostPath}' resolves to '${real}', outside the sandbox`);
  }
  return real;
}
