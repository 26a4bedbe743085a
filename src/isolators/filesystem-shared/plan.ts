// From volumes to bind mounts: checked, ordered parent first, and with the
// sandbox put back where a volume would hide it.
import { existsSync, statSync } from 'node:fs';
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
 * The deepest mount before `target` that covers it: inside the container,
 * `target` is then a path in that mount's host directory.
 */
function coveringMount(target: string, earlier: ResolvedVolume[]): ResolvedVolume | undefined {
  return earlier.filter((v) => isAtOrBelow(target, v.container_path) && v.container_path !== target).pop();
}

/** Makes sure `target` exists where the container will see it once the earlier mounts are in place. */
function ensureMountPoint(target: string, earlier: ResolvedVolume[], what: string): void {
  const cover = coveringMount(target, earlier);
  if (!cover) return; // the host path itself, checked to exist
  const inside = join(cover.host_path, relative(cover.container_path, target));
  if (existsSync(inside)) return;
  if (!cover.in_sandbox) {
    throw new VolumeError(cover.container_path, `it would hide ${what} '${target}' behind host path '${cover.host_path}', which has no '${relative(cover.container_path, target)}'; use a relative host path, or move ${what}`);
  }
  createRelativeHostPath(cover.host_path, target, relative(cover.container_path, target));
}

/**
 * Bind mounts for the volumes, parent first, each on a mount point that
 * exists inside the mounts before it (made in the sandbox when needed). When
 * a volume covers the sandbox (a /tmp volume with a work dir under /tmp), the
 * sandbox is bound back at its own path: the task still starts in its
 * sandbox, at MESOS_SANDBOX.
 */
export function volumeMounts(volumes: ResolvedVolume[], sandbox: string): MountSpec[] {
  const ordered = [...volumes];
  if (volumes.some((v) => isAtOrBelow(sandbox, v.container_path) && v.container_path !== sandbox)) {
    const self: ResolvedVolume = { container_path: sandbox, host_path: sandbox, mode: 'RW', in_sandbox: true };
    ordered.push(self);
    ordered.sort((a, b) => depth(a.container_path) - depth(b.container_path));
  }
  return ordered.map((v, i) => {
    ensureMountPoint(v.container_path, ordered.slice(0, i), v.host_path === sandbox && v.container_path === sandbox ? 'the sandbox' : 'the volume');
    return { type: 'bind', source: v.host_path, target: v.container_path, readOnly: v.mode === 'RO' };
  });
}
