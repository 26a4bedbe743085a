// Everything mesos-agent runs with, after its flags are parsed and checked.
import type { ContainerizerOptions } from '../containerizer/options.js';
import type { Logger } from '../log/logger.js';
import type { Resource } from '../mesos/resources/resource.js';

export type RecoverMode = 'reconnect' | 'cleanup';

export interface AgentConfig {
  master: { host: string; port: number };
  workDir: string;
  ip: string;
  port: number;
  hostname: string;
  resources: Resource[];
  recover: RecoverMode;
  /** A checkpoint file that does not parse stops the start (else it is skipped and counted). */
  strict: boolean;
  /** Run tasks as their user (CommandInfo.user, else FrameworkInfo.user); otherwise as the agent's. */
  switchUser: boolean;
  /** SIGTERM to destroy, for a kill without a kill policy. */
  killGracePeriodMs: number;
  statusUpdateRetryMinMs: number;
  statusUpdateRetryMaxMs: number;
  registrationBackoffFactorMs: number;
  /** Re-register when the master says nothing this long (until it says how long itself). */
  masterPingTimeoutMs: number;
  /** How long after a container ends its directories are kept (--gc_delay). */
  gcDelayMs: number;
  /** The share of the disk to keep free when the disk watch prunes (--gc_disk_headroom, 0 to 1). */
  gcDiskHeadroom: number;
  diskWatchIntervalMs: number;
  bootId: string;
  containerizer: ContainerizerOptions;
  logger: Logger;
}
