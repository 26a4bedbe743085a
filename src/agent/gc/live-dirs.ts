// The directories live tasks use (sandboxes and checkpoint run directories),
// with every directory above them, counted: whether a path the collector is
// about to schedule or remove holds one is then one lookup, not a walk over
// every live task (which made a burst of task ends quadratic: 10 ms of agent
// CPU per task at 1 000 tasks in flight).
import { dirname } from 'node:path';

export class LiveDirs {
  private readonly held = new Map<string, number>();

  /** `dirs` are in use from now on (each with the directories above it). */
  add(dirs: readonly string[]): void {
    for (const dir of dirs) for (const path of lineage(dir)) this.held.set(path, (this.held.get(path) ?? 0) + 1);
  }

  /** `dirs`, added before, are no longer in use. */
  remove(dirs: readonly string[]): void {
    for (const dir of dirs) {
      for (const path of lineage(dir)) {
        const count = (this.held.get(path) ?? 0) - 1;
        if (count > 0) this.held.set(path, count);
        else this.held.delete(path);
      }
    }
  }

  /** Whether `path` is, or holds, a directory in use. */
  holds(path: string): boolean {
    return this.held.has(path);
  }
}

/** `dir` and each directory above it, up to /. */
function lineage(dir: string): string[] {
  const paths = [dir];
  for (let path = dirname(dir); path !== paths.at(-1); path = dirname(path)) paths.push(path);
  return paths;
}
