// Where the cgroup hierarchies are mounted, read from /proc/self/mountinfo.
import { readFileSync } from 'node:fs';

export interface CgroupMount {
  version: 1 | 2;
  mountPoint: string;
  /** v1: the controllers attached (e.g. ["freezer"]); v2: from cgroup.controllers. */
  controllers: string[];
}

/** mountinfo escapes space, tab, newline and backslash as octal. */
function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

export function parseCgroupMounts(mountinfo: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const mountPoint = unescapeMountPath(left.split(' ')[4] ?? '');
    const [fstype, , superOptions = ''] = right.split(' ');
    if (fstype === 'cgroup2') {
      mounts.push({ version: 2, mountPoint, controllers: [] });
    } else if (fstype === 'cgroup') {
      const known = new Set(['rw', 'ro', 'relatime', 'noatime', 'nosuid', 'nodev', 'noexec', 'clone_children', 'xattr']);
      const controllers = superOptions.split(',').filter((o) => !known.has(o) && !o.includes('='));
      mounts.push({ version: 1, mountPoint, controllers });
    }
  }
  return mounts;
}

export function readCgroupMounts(): CgroupMount[] {
  return parseCgroupMounts(readFileSync('/proc/self/mountinfo', 'utf8'));
}

export function v2Controllers(mountPoint: string): string[] {
  try {
    return readFileSync(`${mountPoint}/cgroup.controllers`, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    return [];
  }
}
