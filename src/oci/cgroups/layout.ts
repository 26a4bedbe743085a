// Where an OCI container's cgroups are: linux.cgroupsPath below every
// mounted hierarchy (each v1 one, named ones such as name=systemd too, and
// the v2 one: on a hybrid host the container is in the unified hierarchy as
// well, as runc does; containerd's shim reads them all from /proc/<pid>/cgroup).
// An absolute path is below each hierarchy's root; a relative one below the
// caller's own cgroup there (the runtime spec leaves it to the runtime).
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

import { v2Controllers } from '../../cgroups/mounts.js';
import { OciConfigError, OciUnsupportedError } from '../errors.js';

export interface CgroupDir {
  version: 1 | 2;
  mountPoint: string;
  /** v1: the hierarchy's controllers; v2: those the hierarchy offers. */
  controllers: string[];
  /** The container's cgroup directory. */
  path: string;
}

export interface CgroupLayout {
  /** The path below each hierarchy's root (absolute paths) or the caller's cgroup. */
  cgroupsPath: string;
  dirs: CgroupDir[];
}

/** /proc/self/cgroup: the caller's cgroup in each hierarchy, keyed by its controllers ("" for v2). */
export function ownCgroups(text = readFileSync('/proc/self/cgroup', 'utf8')): Map<string, string> {
  const own = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\d+:([^:]*):(.*)$/.exec(line);
    if (match) own.set(match[1]!.split(',').sort().join(','), match[2]!);
  }
  return own;
}

export interface Hierarchy {
  version: 1 | 2;
  mountPoint: string;
  /** v1: its controllers, and name=X for a named hierarchy (name=systemd). */
  controllers: string[];
}

/** Every cgroup hierarchy mounted, named v1 ones included (src/cgroups leaves those out). */
export function readHierarchies(mountinfo = readFileSync('/proc/self/mountinfo', 'utf8')): Hierarchy[] {
  const found: Hierarchy[] = [];
  const flags = new Set(['rw', 'ro', 'relatime', 'noatime', 'nosuid', 'nodev', 'noexec', 'clone_children', 'xattr', 'nsdelegate', 'memory_recursiveprot', 'favordynmods']);
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const mountPoint = (left.split(' ')[4] ?? '').replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
    const [fstype, , options = ''] = right.split(' ');
    if (fstype === 'cgroup2') found.push({ version: 2, mountPoint, controllers: [] });
    else if (fstype === 'cgroup') found.push({ version: 1, mountPoint, controllers: options.split(',').filter((o) => !flags.has(o) && (!o.includes('=') || o.startsWith('name='))) });
  }
  return found;
}

function hierarchyKey(mount: Hierarchy): string {
  return mount.version === 2 ? '' : [...mount.controllers].sort().join(',');
}

export function validateCgroupsPath(path: string, file: string): void {
  if (/[\0\n]/.test(path)) throw new OciConfigError(file, `linux.cgroupsPath holds a NUL or newline: ${JSON.stringify(path)}`);
  if (/^[^/:]*:[^/:]*:[^/]*$/.test(path))
    throw new OciUnsupportedError(file, `linux.cgroupsPath '${path}' is a systemd slice (slice:prefix:name): the systemd cgroup driver is not supported yet`);
}

export function cgroupLayout(cgroupsPath: string | undefined, id: string, file: string, mounts: Hierarchy[] = readHierarchies(), own = ownCgroups()): CgroupLayout {
  const given = cgroupsPath ?? id;
  validateCgroupsPath(given, file);
  const absolute = given.startsWith('/');
  const relative = posix.normalize(`/${given}`); // no way above the base, whatever '..' it holds
  if (relative === '/') throw new OciConfigError(file, `linux.cgroupsPath '${given}' names the root of the hierarchy`);
  const seen = new Set<string>();
  const dirs: CgroupDir[] = [];
  for (const mount of mounts) {
    const key = hierarchyKey(mount);
    if (seen.has(key) || (mount.version === 1 && mount.controllers.length === 0)) continue;
    seen.add(key);
    const base = absolute ? '/' : (own.get(key) ?? '/');
    const controllers = mount.version === 2 ? v2Controllers(mount.mountPoint) : mount.controllers;
    dirs.push({ version: mount.version, mountPoint: mount.mountPoint, controllers, path: join(mount.mountPoint, base, relative) });
  }
  return { cgroupsPath: relative, dirs };
}

/** The dir holding a controller: its v1 hierarchy, else the v2 one where it is offered. */
export function dirFor(layout: CgroupLayout, controller: string): CgroupDir | undefined {
  return (
    layout.dirs.find((d) => d.version === 1 && d.controllers.includes(controller)) ??
    layout.dirs.find((d) => d.version === 2 && d.controllers.includes(controller))
  );
}

export function v2Dir(layout: CgroupLayout): CgroupDir | undefined {
  return layout.dirs.find((d) => d.version === 2);
}
