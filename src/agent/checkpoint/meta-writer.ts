// Writing the checkpoint (<work_dir>/meta), each file atomically (and
// synchronously: see atomic-write.ts).
import { mkdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { messageOf } from '../../errors.js';
import type { AgentInfo } from '../../mesos/agent-info.js';
import type { TaskInfo } from '../../mesos/task-info.js';
import type { AgentPaths, RunKey } from '../paths.js';
import type { Framework } from '../task-table.js';
import { syncDirectory, writeAtomically, writeJsonAtomically } from './atomic-write.js';
import { CheckpointError } from './errors.js';

export class MetaWriter {
  constructor(private readonly paths: AgentPaths) {}

  /** The agent's info, then `slaves/latest` pointing at it: from now on a restart recovers this agent. */
  agent(info: AgentInfo & { id: { value: string } }): void {
    const agentId = info.id.value;
    writeJsonAtomically(this.paths.agentInfoFile(agentId), info);
    const link = this.paths.latestLink();
    const temporary = join(dirname(link), `.latest.${process.pid}.tmp`);
    try {
      rmSync(temporary, { force: true });
      symlinkSync(agentId, temporary);
      renameSync(temporary, link);
      syncDirectory(dirname(link));
    } catch (cause) {
      throw new CheckpointError('CHECKPOINT_WRITE_FAILED', link, `cannot point ${link} at ${agentId}: ${messageOf(cause)}`, { cause });
    }
  }

  framework(agentId: string, framework: Framework): void {
    writeJsonAtomically(this.paths.frameworkInfoFile(agentId, framework.id.value), framework);
  }

  /** A task's directory in the checkpoint, with its TaskInfo when it has one. */
  task(run: RunKey, taskId: string, info: TaskInfo | undefined): void {
    mkdirSync(this.paths.taskDir(run, taskId), { recursive: true });
    if (info) writeJsonAtomically(this.paths.taskInfoFile(run, taskId), info, { syncDir: false, made: true });
  }

  bootId(bootId: string): void {
    writeAtomically(this.paths.bootIdFile(), `${bootId}\n`);
  }

  /** The next start registers a new agent. */
  async forgetAgent(): Promise<void> {
    await rm(this.paths.latestLink(), { force: true });
  }

  async removeFramework(agentId: string, frameworkId: string): Promise<void> {
    await rm(this.paths.frameworkDir(agentId, frameworkId), { recursive: true, force: true });
  }
}
