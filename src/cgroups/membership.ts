// Whether a pid is (still) inside a cgroup, from /proc/<pid>/cgroup. Used to
// confirm that a pid read from cgroup.procs was not reused before we signal it.
import { readFileSync } from 'node:fs';

export function cgroupPathOf(pid: number, version: 1 | 2, controller = 'freezer'): string | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/cgroup`, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const [id, controllers = '', ...path] = line.split(':');
    const isV2 = id === '0' && controllers === '';
    if (version === 2 ? isV2 : !isV2 && controllers.split(',').includes(controller)) return path.join(':');
  }
  return undefined;
}

/** Component-wise: /mesos/a contains /mesos/a and /mesos/a/x, not /mesos/ab. */
export function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(ancestor.endsWith('/') ? ancestor : `${ancestor}/`);
}
