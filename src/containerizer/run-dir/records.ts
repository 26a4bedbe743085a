// What the run directory records about a container (README "Run directory").
// state.json is the containerizer's record: written first as the claim, then
// before each step of the launch acts, and after cleanup. termination.json is
// written by the init stub when the container ends; destroyed.json is a
// destroy request (a launch in progress honours it); limitation.json a limit
// the container hit.
import type { CgroupRef } from '../../cgroups/cgroup.js';
import type { Resources } from '../../isolators/isolator.js';
import type { CommandInfo } from '../../mesos/command-info.js';
import type { ProcessIdentity } from '../../proc/identity.js';

export const RECORD_FORMAT = 2;

/**
 * What the containerizer last wrote. launching: claimed, being made (the
 * task has not been released). running: the task was released. aborted: a
 * destroy stopped the launch, and what it had made was undone.
 */
export type RecordedPhase = 'launching' | 'running' | 'aborted';

/** The process that launches, and the boot it runs in. */
export interface LauncherIdentity extends ProcessIdentity {
  bootId: string;
}

export interface ContainerState {
  format: typeof RECORD_FORMAT;
  containerId: string;
  phase: RecordedPhase;
  launcher: LauncherIdentity;
  /** Milliseconds since the epoch: when the id was claimed. */
  created: number;
  sandbox: string;
  /** The sandbox did not exist before this container: it is ours to remove. */
  sandboxCreated: boolean;
  isolation: string[];
  /** --cgroups_root of the launch: cgroups named after the id below it, in any hierarchy, are the container's. */
  cgroupsRoot: string;
  /** The container's own cgroup (planned in the claim, made right after). */
  cgroup?: CgroupRef;
  command: CommandInfo;
  user?: string;
  /** The stub's outer process, which records the termination. */
  monitor?: ProcessIdentity;
  /** The container's init: pid 1 of its pid namespace, or the task's parent. */
  init?: ProcessIdentity;
  pidNamespace?: number;
  newPidNamespace?: boolean;
  /** cgroups/cpu and cgroups/mem: the controllers' cgroups, where they are not the one above. */
  resourceCgroups?: CgroupRef[];
  /** cpus and mem (MB) the container was launched with, or last updated to. */
  resources?: Resources;
  /** Labels hooks added before the launch. */
  labels?: Record<string, string>;
  /** What each isolator's prepare() asked to keep, by isolator name. */
  isolatorState: Record<string, unknown>;
  /**
   * Isolators whose limitation the init stub watches itself (--oom-cgroup):
   * nobody polls them. Absent in records of older launches: all are polled.
   */
  watchedByStub?: string[];
  /** Processes gone, cgroups removed, every isolator cleaned up. */
  cleanedUp?: boolean;
  /** Isolators whose cleanup could not run: their module is not loaded in the process that cleaned up. */
  cleanupPending?: string[];
  /** aborted: when the launch stopped. */
  abortedAt?: number;
  /** A destroy found it alive and killed it (or stopped its launch). */
  killedByDestroy?: boolean;
  /** A destroy call has answered `destroyed` for it: later ones answer `already_destroyed`. */
  destroyReported?: boolean;
}

/** termination.json, as the init stub writes it. */
export interface TerminationRecord {
  exit_code: number | null;
  signal: number | null;
  finished_at: number;
  error?: { stage: string; errno: number; message: string };
}

export interface DestroyRecord {
  requested_at: number;
}
