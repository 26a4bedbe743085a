import type { Peers } from './peers.js';

export interface BenchContext {
  root: string;
  runtimeDir: string;
  workDir: string;
  /** A work dir on disk, for the row that measures sandboxes there. */
  diskWorkDir: string;
  cgroupsRoot: string;
  /** The CLI's flags for this scratch area. */
  flags: string[];
  bin: string;
  runs: number;
  warmup: number;
  peers: Peers;
}
