// Without a pid namespace, a container's processes are the descendants of
// its init, wherever their cgroup: the init is a child subreaper, so orphans
// stay below it for as long as it lives. Destroy stops those that left the
// container's cgroup first (a stopped process can neither fork nor leave),
// so that none is lost when the init dies and its orphans go to the host's init.
import type { Host } from '../host/host.js';
import type { ProcessIdentity } from '../proc/identity.js';

/** Live descendants of `root` (zombies excluded), parents before children, from their children files. */
export function descendantsOf(host: Host, root: number): ProcessIdentity[] {
  const found: ProcessIdentity[] = [];
  const queue = [root];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const child of host.childrenOf(pid)) {
      const stat = host.stat(child);
      if (!stat || stat.ppid !== pid) continue; // gone, or reused meanwhile
      queue.push(child);
      if (stat.state !== 'Z' && stat.state !== 'X') found.push({ pid: child, startTime: stat.startTime });
    }
  }
  return found;
}

/**
 * Processes outside `members` (a frozen cgroup's) that descend from one of
 * them or from `root`, parents first: one pass over the host's other
 * processes, whose number does not grow with the container's.
 */
export function outsidersOf(host: Host, members: ReadonlySet<number>, root: number): ProcessIdentity[] {
  const others = new Map<number, { ppid: number; startTime: number }>();
  for (const pid of host.pids()) {
    if (members.has(pid) || pid === root) continue;
    const stat = host.stat(pid);
    if (stat && stat.state !== 'Z' && stat.state !== 'X') others.set(pid, stat);
  }
  const ours = new Set([...members, root]);
  const found: ProcessIdentity[] = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, stat] of others) {
      if (ours.has(pid) || !ours.has(stat.ppid)) continue;
      ours.add(pid);
      found.push({ pid, startTime: stat.startTime });
      grew = true;
    }
  }
  return found;
}

/**
 * SIGSTOPs every process `find` returns, pass after pass, until a pass finds
 * none it has not stopped (what a running process forked in between is seen
 * by the next pass), or the deadline. Returns those it stopped.
 */
export async function stopAll(host: Host, find: () => ProcessIdentity[], deadline: number): Promise<ProcessIdentity[]> {
  const stopped = new Map<number, ProcessIdentity>();
  for (;;) {
    const fresh = find().filter((p) => stopped.get(p.pid)?.startTime !== p.startTime);
    if (fresh.length === 0) return [...stopped.values()];
    for (const process of fresh) {
      if ((await host.signal(process, 'SIGSTOP')) === 'sent') stopped.set(process.pid, process);
    }
    if (host.now() >= deadline) return [...stopped.values()];
  }
}
