// At start-up, what the last run of the agent left on disk and no live task
// uses is scheduled from its mtime (touched when it was let go), so that a
// delay that has passed meanwhile removes it soon: run directories of tasks
// not recovered as live, executor and framework directories with no live
// run, and the trees of other agent ids (touched and given the full delay,
// as Mesos does). A directory above is never due before what it holds.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

import { errnoCode } from '../../errors.js';
import type { AgentGc } from './agent-gc.js';

async function subdirectories(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return [];
    throw error;
  }
  const dirs: string[] = [];
  for (const name of names.sort()) {
    const stats = await lstat(join(dir, name)).catch(() => undefined);
    if (stats?.isDirectory()) dirs.push(name);
  }
  return dirs;
}

/** Schedules what is not live under one framework directory; true if something under it is live. */
async function scanFramework(gc: AgentGc, frameworkDir: string, live: ReadonlySet<string>): Promise<boolean> {
  let frameworkLive = false;
  let latest = 0;
  for (const executor of await subdirectories(join(frameworkDir, 'executors'))) {
    const executorDir = join(frameworkDir, 'executors', executor);
    let executorLive = false;
    let executorLatest = 0;
    for (const run of await subdirectories(join(executorDir, 'runs'))) {
      if (live.has(run)) {
        executorLive = true;
        continue;
      }
      executorLatest = Math.max(executorLatest, (await gc.scheduleByMtime(join(executorDir, 'runs', run))) ?? 0);
    }
    if (executorLive) frameworkLive = true;
    else latest = Math.max(latest, (await gc.scheduleByMtime(executorDir, executorLatest)) ?? 0);
  }
  if (!frameworkLive) await gc.scheduleByMtime(frameworkDir, latest);
  return frameworkLive;
}

/**
 * Schedules the leftovers in the sandbox tree and the checkpoint tree.
 * `agentId` is the recovered agent (undefined: every agent tree is old);
 * `liveContainers` the containers of the tasks recovered as live.
 */
export async function scheduleLeftovers(gc: AgentGc, trees: readonly string[], agentId: string | undefined, liveContainers: ReadonlySet<string>): Promise<void> {
  for (const tree of trees) {
    for (const agent of await subdirectories(tree)) {
      const agentDir = join(tree, agent);
      if (agent !== agentId) {
        await gc.letGo(agentDir);
        continue;
      }
      for (const framework of await subdirectories(join(agentDir, 'frameworks'))) await scanFramework(gc, join(agentDir, 'frameworks', framework), liveContainers);
    }
  }
}
