// Making the container's cgroups before its init joins them. Each level
// made here is remembered so that a failed create removes exactly those.
// v1 cpuset needs cpus and mems in every new level before a process may
// join (else ENOSPC): they are copied from the parent, as runc does.
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { cgroupGone } from '../../cgroups/cgroup.js';
import { CgroupError } from '../../cgroups/errors.js';
import { errnoCode } from '../../errors.js';
import type { CgroupDir, CgroupLayout } from './layout.js';

function readTrimmed(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

function inheritCpuset(dir: string): void {
  for (const file of ['cpuset.cpus', 'cpuset.mems']) {
    if (readTrimmed(`${dir}/${file}`)) continue;
    writeFileSync(`${dir}/${file}`, readTrimmed(`${dirname(dir)}/${file}`));
  }
}

/** Levels from the hierarchy's mount point down to dir that do not exist yet, top first. */
function missingLevels(d: CgroupDir): string[] {
  const levels: string[] = [];
  for (let p = d.path; p.length > d.mountPoint.length; p = dirname(p)) levels.unshift(p);
  return levels;
}

function refuseBusy(d: CgroupDir): void {
  const procs = readTrimmed(`${d.path}/cgroup.procs`);
  if (procs) throw new CgroupError('CGROUP_BUSY', d.path, `cgroup ${d.path} already holds processes (${procs.split('\n').join(', ')}): is another container using this cgroupsPath?`);
  const frozen = d.version === 1 ? /^FROZEN|^FREEZING/.test(readTrimmed(`${d.path}/freezer.state`)) : /^frozen 1$/m.test(readTrimmed(`${d.path}/cgroup.events`));
  if (frozen) throw new CgroupError('CGROUP_FROZEN', d.path, `cgroup ${d.path} is frozen: the container would hang (thaw it first)`);
}

/**
 * cgroup v2 hands a controller to a child only when every cgroup above it
 * enables it in cgroup.subtree_control: done for the controllers the
 * container's resources need (a hybrid host's v2 often has none of them).
 */
function enableV2Controllers(d: CgroupDir, controllers: readonly string[]): void {
  if (!controllers.length) return;
  for (let level = d.mountPoint; level.length < d.path.length; level = join(level, d.path.slice(level.length + 1).split('/')[0]!)) {
    const enabled = new Set(readTrimmed(`${level}/cgroup.subtree_control`).split(/\s+/));
    const missing = controllers.filter((c) => !enabled.has(c));
    if (!missing.length) continue;
    try {
      writeFileSync(`${level}/cgroup.subtree_control`, missing.map((c) => `+${c}`).join(' '));
    } catch (error) {
      throw new CgroupError('CGROUP_CONTROLLER_UNAVAILABLE', level, `cannot enable ${missing.join(', ')} for cgroup ${d.path} in ${level}/cgroup.subtree_control`, { cause: error });
    }
  }
}

/** Creates every dir of the layout; returns the directories made, deepest last. */
export function createCgroups(layout: CgroupLayout, v2Controllers: readonly string[] = []): string[] {
  const made: string[] = [];
  try {
    for (const d of layout.dirs) {
      let madeLeaf = false;
      for (const level of missingLevels(d)) {
        try {
          mkdirSync(level);
          made.push(level);
          madeLeaf = level === d.path;
        } catch (error) {
          if (errnoCode(error) !== 'EEXIST') throw new CgroupError('CGROUP_CREATE_FAILED', level, `cannot create cgroup ${level}`, { cause: error });
          continue;
        }
        if (d.version === 1 && d.controllers.includes('cpuset')) {
          try {
            inheritCpuset(level);
          } catch (error) {
            throw new CgroupError('CGROUP_CREATE_FAILED', level, `cannot give cgroup ${level} its parent's cpus and mems`, { cause: error });
          }
        }
      }
      if (!madeLeaf) refuseBusy(d); // one made just now holds nothing
      if (d.version === 2) enableV2Controllers(d, v2Controllers);
    }
    return made;
  } catch (error) {
    removeMade(made);
    throw error;
  }
}

/** Removes what createCgroups made, deepest first; a cgroup already gone is fine. */
export function removeMade(made: readonly string[]): void {
  for (const dir of [...made].reverse()) {
    try {
      rmdirSync(dir);
    } catch (error) {
      if (!cgroupGone(error)) throw new CgroupError('CGROUP_REMOVE_FAILED', dir, `cannot remove cgroup ${dir}`, { cause: error });
    }
  }
}
