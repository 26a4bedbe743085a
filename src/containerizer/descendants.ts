// Without a pid namespace, a container's processes are the descendants of
// its init, wherever their cgroup: the init is a child subreaper, so orphans
// stay below it for as long as it lives. Destroy stops them all first (a
// stopped process can neither fork nor leave), so that none is lost when the
// init dies and its orphans go to the host's init.
import type { Host } from '../host/host.js';
import type { ProcessIdentity } from '../proc/identity.js';

/** Live descendants of `root` (zombies excluded), from one pass over /proc. */
export function descendantsOf(host: Host, root: number): ProcessIdentity[] {
  const children = new Map<number, ProcessIdentity[]>();
  for (const pid of host.pids()) {
    const stat = host.stat(pid);
    if (!stat || stat.state === 'Z' || stat.state === 'X') continue;
    const siblings = children.get(stat.ppid) ?? [];
    siblings.push({ pid, startTime: stat.startTime });
    children.set(stat.ppid, siblings);
  }
  const found: ProcessIdentity[] = [];
  const queue = [root];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/**
 * SIGSTOPs every descendant of the init, pass after pass, until a pass finds
 * none it has not stopped (what a running process forked in between is seen
 * by the next pass), or the deadline. Returns those it stopped.
 */
export async function stopDescendants(host: Host, init: ProcessIdentity, deadline: number): Promise<ProcessIdentity[]> {
  const stopped = new Map<number, ProcessIdentity>();
  for (;;) {
    const fresh = descendantsOf(host, init.pid).filter((p) => stopped.get(p.pid)?.startTime !== p.startTime);
    if (fresh.length === 0) return [...stopped.values()];
    for (const process of fresh) {
      if ((await host.signal(process, 'SIGSTOP')) === 'sent') stopped.set(process.pid, process);
    }
    if (host.now() >= deadline) return [...stopped.values()];
  }
}
