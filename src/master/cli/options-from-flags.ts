// From parsed flags to MasterOptions: durations, the allocator (built in or a
// module), the logger. A bad value is one line naming the flag.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

import type { Allocator } from '../../allocator/allocator.js';
import { createDrfAllocator } from '../../allocator/drf.js';
import { UsageError } from '../../cli/usage-error.js';
import { parseDuration } from '../../containerizer/duration.js';
import type { ParsedArgs } from '../../flags/flag-spec.js';
import { modulesFrom } from '../../flags/containerizer-options.js';
import type { LogLevel } from '../../log/logger.js';
import { createLogger } from '../../log/logger.js';
import type { MasterOptions } from '../options.js';
import { MASTER_DEFAULTS } from '../options.js';

function positiveDuration(args: ParsedArgs, flag: string, fallback: string): number {
  let ms: number;
  try {
    ms = parseDuration(String(args[flag] ?? fallback), flag);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!(ms > 0)) throw new UsageError(`--${flag} must be longer than 0`);
  return ms;
}

function wholeNumber(args: ParsedArgs, flag: string, fallback: number, min: number): number {
  const value = Number(args[flag] ?? fallback);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`--${flag} must be a whole number of at least ${min} (got ${String(args[flag])})`);
  return value;
}

function webuiDirFrom(value: unknown): string {
  const dir = resolve(String(value));
  if (!existsSync(join(dir, 'index.html'))) throw new UsageError(`--webui_dir=${String(value)}: there is no index.html in ${dir}`);
  return dir;
}

async function allocatorFrom(args: ParsedArgs): Promise<Allocator> {
  const name = String(args.allocator ?? MASTER_DEFAULTS.allocator);
  if (name === MASTER_DEFAULTS.allocator) return createDrfAllocator();
  const modules = await modulesFrom(args);
  if (!modules?.contains(name, 'Allocator')) {
    throw new UsageError(`--allocator=${name}: no such allocator (built in: ${MASTER_DEFAULTS.allocator}; or name an Allocator module given with --modules)`);
  }
  return modules.get(name, 'Allocator');
}

export async function masterOptionsFrom(args: ParsedArgs): Promise<MasterOptions> {
  const port = wholeNumber(args, 'port', MASTER_DEFAULTS.port, 0);
  if (port > 65535) throw new UsageError(`--port must be at most 65535 (got ${port})`);
  return {
    ip: String(args.ip ?? MASTER_DEFAULTS.ip),
    port,
    workDir: String(args.work_dir),
    hostname: typeof args.hostname === 'string' && args.hostname ? args.hostname : hostname(),
    agentReregisterTimeoutMs: positiveDuration(args, 'agent_reregister_timeout', MASTER_DEFAULTS.agentReregisterTimeout),
    agentPingTimeoutMs: positiveDuration(args, 'agent_ping_timeout', MASTER_DEFAULTS.agentPingTimeout),
    maxAgentPingTimeouts: wholeNumber(args, 'max_agent_ping_timeouts', MASTER_DEFAULTS.maxAgentPingTimeouts, 1),
    allocationIntervalMs: positiveDuration(args, 'allocation_interval', MASTER_DEFAULTS.allocationInterval),
    allocator: await allocatorFrom(args),
    heartbeatIntervalMs: positiveDuration(args, 'heartbeat_interval', MASTER_DEFAULTS.heartbeatInterval),
    maxCompletedFrameworks: wholeNumber(args, 'max_completed_frameworks', MASTER_DEFAULTS.maxCompletedFrameworks, 0),
    maxCompletedTasksPerFramework: wholeNumber(args, 'max_completed_tasks_per_framework', MASTER_DEFAULTS.maxCompletedTasksPerFramework, 0),
    ...(args.webui_dir !== undefined && { webuiDir: webuiDirFrom(args.webui_dir) }),
    logger: createLogger((args.log_level as LogLevel | undefined) ?? 'warn', { component: 'master' }),
    flags: Object.fromEntries(Object.entries(args).filter(([name]) => name !== '--')),
  };
}
