// The state record of one container, --root/<id>/state, written once by
// create before anything is made (so that a create that dies half-way
// leaves a record naming what to remove) and read by the C front-end and by
// update. One key=value per line: the strings the front-end prints are
// JSON already (id, bundle, rootfs, created, annotations); the paths it
// uses are raw (cgroupsPath holds no newline: validated). Next to it:
// hooks (see plan/hooks.ts), init (pid, start time) and exec.fifo, written
// by the front-end. Written atomically (the lifecycle's helper), not
// fsynced: what they describe (processes, cgroups) does not survive a power
// cut either, and /run is a tmpfs on most hosts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { writeFileAtomically } from '../containerizer/run-dir/durable-write.js';
import type { CgroupLayout } from './cgroups/layout.js';

export interface StateRecord {
  ociVersion: string;
  id: string;
  bundle: string;
  rootfs: string;
  created: string;
  annotations?: Record<string, string>;
  ownPidNamespace: boolean;
  cgroups: CgroupLayout;
}

export function containerDir(root: string, id: string): string {
  return join(root, id);
}

export function renderStateRecord(r: StateRecord): string {
  const lines = [
    `oci_version=${JSON.stringify(r.ociVersion)}`,
    `id=${JSON.stringify(r.id)}`,
    `bundle=${JSON.stringify(r.bundle)}`,
    `rootfs=${JSON.stringify(r.rootfs)}`,
    `created=${JSON.stringify(r.created)}`,
    `own_pid_ns=${r.ownPidNamespace ? 1 : 0}`,
  ];
  if (r.annotations && Object.keys(r.annotations).length) lines.push(`annotations=${JSON.stringify(r.annotations)}`);
  for (const d of r.cgroups.dirs) lines.push(`cgroup=${d.path}`);
  const v2 = r.cgroups.dirs.find((d) => d.version === 2);
  const v1Freezer = r.cgroups.dirs.find((d) => d.version === 1 && d.controllers.includes('freezer'));
  if (v2) lines.push(`cgroup_v2=${v2.path}`);
  if (v1Freezer) lines.push(`freezer=${v1Freezer.path}`, 'freezer_v2=0');
  else if (v2) lines.push(`freezer=${v2.path}`, 'freezer_v2=1');
  const procs = v2 ?? v1Freezer ?? r.cgroups.dirs[0];
  if (procs) lines.push(`procs_cgroup=${procs.path}`);
  return `${lines.join('\n')}\n`;
}

export function writeStateRecord(root: string, r: StateRecord): void {
  writeFileAtomically(join(containerDir(root, r.id), 'state'), renderStateRecord(r), { durable: false, what: 'the container state record' });
}

/** The cgroup directories a record names (update). */
export function recordedCgroups(text: string): string[] {
  return text.split('\n').filter((l) => l.startsWith('cgroup=')).map((l) => l.slice('cgroup='.length));
}

export function readStateRecord(root: string, id: string): string | undefined {
  try {
    return readFileSync(join(containerDir(root, id), 'state'), 'utf8');
  } catch {
    return undefined;
  }
}
