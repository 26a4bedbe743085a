// From mesos-agent's flags to an AgentConfig, each value checked, each error
// one line naming the flag.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';

import { parseDuration } from '../../containerizer/duration.js';
import { InvalidInputError } from '../../errors.js';
import { containerizerOptionsFrom } from '../../flags/containerizer-options.js';
import type { ParsedArgs } from '../../flags/flag-spec.js';
import type { LogLevel } from '../../log/logger.js';
import { createLogger } from '../../log/logger.js';
import { parseResources } from '../../mesos/resources/index.js';
import { currentBootId } from '../boot-id.js';
import type { AgentConfig, RecoverMode } from '../config.js';
import { agentResources, detectedResources } from '../detect-resources.js';

function parseMaster(text: string): { host: string; port: number } {
  const match = /^(?:http:\/\/)?(\[[^\]]+\]|[^:/]+):(\d+)\/?$/.exec(text.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || !(port >= 1 && port <= 65535)) {
    throw new InvalidInputError('INVALID_MASTER', `invalid --master '${text}': expected HOST:PORT, e.g. 127.0.0.1:5050`);
  }
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

/** The work dir, or the closest directory above it that exists (the work dir is made at start). */
function nearestExisting(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(at) || at === dirname(at)) return at;
  }
}

/** --gc_disk_headroom: a number from 0 to 1. */
export function parseHeadroom(text: string): number {
  const value = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(text) ? Number(text) : NaN;
  if (!(value >= 0 && value <= 1)) {
    throw new InvalidInputError('INVALID_GC_DISK_HEADROOM', `invalid --gc_disk_headroom '${text}': expected a number from 0 to 1`);
  }
  return value;
}

function checkPort(port: unknown): number {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidInputError('INVALID_PORT', `invalid --port '${String(port)}': expected 1 to 65535`);
  }
  return port;
}

export async function agentConfigFrom(args: ParsedArgs): Promise<AgentConfig> {
  const workDir = resolve(String(args.work_dir));
  const duration = (flag: string): number => parseDuration(String(args[flag]), flag);
  const master = parseMaster(String(args.master));
  const port = checkPort(args.port);
  const killGracePeriodMs = duration('executor_shutdown_grace_period');
  const statusUpdateRetryMinMs = duration('status_update_retry_interval_min');
  const statusUpdateRetryMaxMs = duration('status_update_retry_interval_max');
  if (statusUpdateRetryMinMs <= 0 || statusUpdateRetryMaxMs < statusUpdateRetryMinMs) {
    throw new InvalidInputError('INVALID_DURATION', '--status_update_retry_interval_min must be above zero and at most --status_update_retry_interval_max');
  }
  const gcDelayMs = duration('gc_delay');
  const gcDiskHeadroom = parseHeadroom(String(args.gc_disk_headroom));
  const diskWatchIntervalMs = duration('disk_watch_interval');
  if (diskWatchIntervalMs <= 0) throw new InvalidInputError('INVALID_DURATION', `invalid --disk_watch_interval '${String(args.disk_watch_interval)}': must be above zero`);
  const fromFlag = typeof args.resources === 'string' ? parseResources(args.resources) : [];
  const logLevel = (args.log_level as LogLevel | undefined) ?? 'warn';
  const containerizer = await containerizerOptionsFrom({ ...args, work_dir: workDir });
  return {
    master,
    workDir,
    ip: String(args.ip),
    port,
    hostname: typeof args.hostname === 'string' && args.hostname ? args.hostname : hostname(),
    resources: agentResources(fromFlag, detectedResources(nearestExisting(workDir))),
    recover: args.recover as RecoverMode,
    strict: args.strict !== false,
    switchUser: args.switch_user !== false,
    killGracePeriodMs,
    statusUpdateRetryMinMs,
    statusUpdateRetryMaxMs,
    registrationBackoffFactorMs: duration('registration_backoff_factor'),
    masterPingTimeoutMs: duration('master_ping_timeout'),
    gcDelayMs,
    gcDiskHeadroom,
    diskWatchIntervalMs,
    bootId: currentBootId(),
    containerizer,
    logger: createLogger(logLevel, { component: 'agent' }),
  };
}
