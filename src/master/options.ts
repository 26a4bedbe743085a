// What a master runs with. The CLI builds these from flags (flags.ts); tests
// and embedders may build them directly.
import type { Allocator } from '../allocator/allocator.js';
import type { Logger } from '../log/logger.js';

export interface MasterOptions {
  ip: string;
  /** 0 picks a free port (the bound one is in Master.address). */
  port: number;
  /** The registry of agents lives here (registry.json). */
  workDir: string;
  hostname: string;
  /** After a master restart, how long known agents have to re-register before they are removed. */
  agentReregisterTimeoutMs: number;
  /** An agent's health check: a PING every this often, removed after `maxAgentPingTimeouts` unanswered in a row. */
  agentPingTimeoutMs: number;
  maxAgentPingTimeouts: number;
  allocationIntervalMs: number;
  allocator: Allocator;
  /** HEARTBEAT events on every subscription (Mesos: 15 s). */
  heartbeatIntervalMs: number;
  maxCompletedFrameworks: number;
  maxCompletedTasksPerFramework: number;
  logger: Logger;
  /** The web UI's built files (index.html, assets/); default: the package's dist/webui. */
  webuiDir?: string;
  /** The flags as given, shown in /state. */
  flags?: Record<string, unknown>;
}

export const MASTER_DEFAULTS = {
  ip: '127.0.0.1',
  port: 5050,
  agentReregisterTimeout: '10mins',
  agentPingTimeout: '15secs',
  maxAgentPingTimeouts: 5,
  allocationInterval: '1secs',
  allocator: 'HierarchicalDRF',
  heartbeatInterval: '15secs',
  maxCompletedFrameworks: 50,
  maxCompletedTasksPerFramework: 1000,
} as const;
