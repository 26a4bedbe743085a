// Which of the agent's directories are collected, and when (Mesos's
// slave.cpp rules): when a task's container has ended and its terminal
// update is acknowledged, its run directories (sandbox and checkpoint) and
// its executor's directories; when a framework has no task left here, its
// framework directories. Each is touched first, so that its mtime says when
// it was let go and a restart counts the delay from there. A task about to
// start takes its framework's and executor's directories off the schedule.
import { lstat, lutimes } from 'node:fs/promises';

import { errnoCode, messageOf } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { AgentPaths, RunKey } from '../paths.js';
import { GarbageCollector } from './garbage-collector.js';
import { removalTime } from './schedule-math.js';

export interface AgentGcOptions {
  paths: AgentPaths;
  gcDelayMs: number;
  /** Whether `path` is, or holds, a directory a live task uses (its sandbox, its checkpoint run directory). */
  inUse(path: string): boolean;
  logger: Logger;
}

export class AgentGc {
  readonly collector: GarbageCollector;

  constructor(private readonly options: AgentGcOptions) {
    const { paths } = options;
    this.collector = new GarbageCollector({
      roots: [paths.sandboxesDir(), paths.agentsDir()],
      inUse: options.inUse,
      logger: options.logger,
    });
  }

  get gcDelayMs(): number {
    return this.options.gcDelayMs;
  }

  /** A task's container is gone and its end acknowledged: its run and executor directories go after gc_delay. */
  async taskEnded(run: RunKey): Promise<void> {
    const { paths } = this.options;
    for (const path of [paths.sandbox(run), paths.runDir(run), paths.sandboxExecutorDir(run), paths.executorDir(run)]) await this.letGo(path);
  }

  /** The framework has no task left here. */
  async frameworkEnded(agentId: string, frameworkId: string): Promise<void> {
    const { paths } = this.options;
    for (const path of [paths.sandboxFrameworkDir(agentId, frameworkId), paths.frameworkDir(agentId, frameworkId)]) await this.letGo(path);
  }

  /** Before a task starts: its framework's and executor's directories stay (a removal under way is waited for). */
  async beforeLaunch(run: Omit<RunKey, 'containerId'>): Promise<void> {
    const { paths } = this.options;
    const dirs = [paths.sandboxFrameworkDir(run.agentId, run.frameworkId), paths.frameworkDir(run.agentId, run.frameworkId), paths.sandboxExecutorDir(run), paths.executorDir(run)];
    for (const dir of dirs) await this.collector.unschedule(dir);
  }

  /** Schedules `path` gc_delay after its mtime (at recovery: nothing touched). Resolves with the due time, or undefined if it is not there. */
  async scheduleByMtime(path: string, atLeast = 0): Promise<number | undefined> {
    let mtimeMs: number;
    try {
      mtimeMs = (await lstat(path)).mtimeMs;
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') this.options.logger.warn({ path, err: messageOf(error) }, 'cannot read the mtime of a directory to garbage collect');
      return undefined;
    }
    const dueAt = Math.max(atLeast, removalTime(this.options.gcDelayMs, mtimeMs, Date.now()));
    return this.collector.schedule(path, dueAt) ? dueAt : undefined;
  }

  /** Touches `path` and schedules it gc_delay from now (nothing if it is not there). */
  async letGo(path: string): Promise<void> {
    const now = new Date();
    try {
      await lutimes(path, now, now);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return; // never made (a task refused early, a framework without checkpointing)
      this.options.logger.warn({ path, err: messageOf(error) }, 'cannot touch a directory to garbage collect: a restart will count its delay from its old mtime');
    }
    this.collector.schedule(path, now.getTime() + this.options.gcDelayMs);
  }

  close(): Promise<void> {
    return this.collector.close();
  }
}
