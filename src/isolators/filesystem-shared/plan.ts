// From volumes to bind mounts: checked, ordered parent first, and with the
// sandbox put back where a volume would hide it.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';

import type { MountSpec } from '../launch-info.js';
import type { Volume } from '../../mesos/container-info.js';
import { VolumeError } from './errors.js';
import { createRelativeHostPath } from './host-path.js';
import { depth, isAtOrBelow, normalizeAbsolute } from './paths.js';

/** A volume as mounted: both paths absolute and checked. */
export interface ResolvedVolume {
  container_path: string;
  host_path: string;
  mode: 'RW' | 'RO';
  /** The host path is inside the sandbox (it was given relative). */
  in_sandbox: boolean;
}

function checkContainerPath(volume: Volume): string {
  const path = volume.container_path;
  if (!isAbsolute(path)) throw new VolumeError(path, 'the container path must be absolute');
  const normal = normalizeAbsolute(path);
  if (normal === '/') throw new VolumeError(path, "the container path may not be '/': the root is shared");
  if (!existsSync(normal)) {
    throw new VolumeError(path, `the container path '${normal}' must exist on the host (the root is shared; volumes do not create paths there)`);
  }
  return normal;
}

function resolveVolume(volume: Volume, sandbox: string): ResolvedVolume {
  const containerPath = checkContainerPath(volume);
  const hostPath = volume.host_path;
  if (hostPath === undefined || hostPath === '') throw new VolumeError(containerPath, 'a host path is required');
  if (isAbsolute(hostPath)) {
    if (!existsSync(hostPath)) throw new VolumeError(containerPath, `the host path '${hostPath}' does not exist`);
    return { container_path: containerPath, host_path: normalizeAbsolute(hostPath), mode: volume.mode, in_sandbox: false };
  }
  if (!statSync(containerPath).isDirectory()) {
    throw new VolumeError(containerPath, 'a relative host path makes a directory, so the container path must be a directory');
  }
  return { container_path: containerPath, host_path: createRelativeHostPath(sandbox, containerPath, hostPath), mode: volume.mode, in_sandbox: true };
}

export function resolveVolumes(volumes: Volume[], sandbox: string): ResolvedVolume[] {
  const seen = new Set<string>();
  for (const v of volumes) {
    const path = checkContainerPath(v);
    if (seen.has(path)) throw new VolumeError(path, 'two volumes have this container path');
    seen.add(path);
  }
  // Parent first, so that a nested volume lands on top of its parent's.
  return volumes.map((v) => resolveVolume(v, sandbox)).sort((a, b) => depth(a.container_path) - depth(b.container_path));
}

/**
 * Bind mounts for the volumes. When a volume covers the sandbox (a /tmp
 * volume with a work dir under /tmp), the sandbox is bound back at its own
 * path right after the deepest such volume, on a directory made inside that
 * volume: the task still starts in its sandbox, at MESOS_SANDBOX.
 */
export function volumeMounts(volumes: ResolvedVolume[], sandbox: string): MountSpec[] {
  const mounts: MountSpec[] = volumes.map((v) => ({ type: 'bind', source: v.host_path, target: v.container_path, readOnly: v.mode === 'RO' }));
  const maskers = volumes.filter((v) => isAtOrBelow(sandbox, v.container_path) && v.container_path !== sandbox);
  const deepest = maskers[maskers.length - 1];
  if (!deepest) return mounts;
  if (!deepest.in_sandbox) {
    throw new VolumeError(deepest.container_path, `it would hide the sandbox '${sandbox}' behind host path '${deepest.host_path}'; use a relative host path, or a work dir outside '${deepest.container_path}'`);
  }
  mkdirSync(join(deepest.host_path, relative(deepest.container_path, sandbox)), { recursive: true });
  mounts.splice(volumes.indexOf(deepest) + 1, 0, { type: 'bind', source: sandbox, target: sandbox, readOnly: false });
  return mounts;
}
