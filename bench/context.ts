import type { Peers } from './peers.js';

export interface BenchContext {
  root: string;
  runtimeDir: string;
  workDir: string;
  /** A work dir on disk, for the row that measures sandboxes there. */
  diskWorkDir: string;
  /** A runtime dir on disk: records are fsynced there, as in production on a disk-backed /run. */
  diskRuntimeDir: string;
  cgroupsRoot: string;
  /** The CLI's flags for this scratch area. */
  flags: string[];
  bin: string;
  runs: number;
  warmup: number;
  peers: Peers;
}
