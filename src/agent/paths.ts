// Where the agent keeps things, in Mesos's layout:
//   sandboxes  <work_dir>/slaves/<agent>/frameworks/<fw>/executors/<ex>/runs/<container>
//   checkpoint <work_dir>/meta/slaves/<agent>/frameworks/<fw>/executors/<ex>/runs/<container>/tasks/<task>/
// Ids become path components, so each is checked to be one.
import { join } from 'node:path';

import { InvalidInputError } from '../errors.js';

export interface RunKey {
  agentId: string;
  frameworkId: string;
  executorId: string;
  containerId: string;
}

/** Throws unless `id` can be one path component: not empty, no '/', NUL or control character, not '.' or '..'. */
export function checkPathComponent(kind: string, id: string): string {
  const why =
    id.length === 0 ? 'is empty'
    : id === '.' || id === '..' ? `may not be '${id}'`
    : id.includes('/') || id.includes('\\') ? 'contains a slash'
    : /[\u0000-\u001f\u007f]/.test(id) ? 'contains a control character'
    : Buffer.byteLength(id) > 255 ? 'is longer than 255 bytes'
    : undefined;
  if (why) throw new InvalidInputError('INVALID_ID', `${kind} ${JSON.stringify(id)} ${why}`);
  return id;
}

export class AgentPaths {
  readonly meta: string;

  constructor(readonly workDir: string) {
    this.meta = join(workDir, 'meta');
  }

  /** The sandbox tree: <work_dir>/slaves. */
  sandboxesDir(): string {
    return join(this.workDir, 'slaves');
  }

  sandboxFrameworkDir(agentId: string, frameworkId: string): string {
    return join(this.sandboxesDir(), agentId, 'frameworks', frameworkId);
  }

  sandboxExecutorDir(run: Omit<RunKey, 'containerId'>): string {
    return join(this.sandboxFrameworkDir(run.agentId, run.frameworkId), 'executors', run.executorId);
  }

  sandbox(run: RunKey): string {
    return join(this.sandboxExecutorDir(run), 'runs', run.containerId);
  }

  bootIdFile(): string {
    return join(this.meta, 'boot_id');
  }

  agentsDir(): string {
    return join(this.meta, 'slaves');
  }

  latestLink(): string {
    return join(this.agentsDir(), 'latest');
  }

  agentDir(agentId: string): string {
    return join(this.agentsDir(), agentId);
  }

  agentInfoFile(agentId: string): string {
    return join(this.agentDir(agentId), 'slave.info');
  }

  frameworksDir(agentId: string): string {
    return join(this.agentDir(agentId), 'frameworks');
  }

  frameworkDir(agentId: string, frameworkId: string): string {
    return join(this.frameworksDir(agentId), frameworkId);
  }

  frameworkInfoFile(agentId: string, frameworkId: string): string {
    return join(this.frameworkDir(agentId, frameworkId), 'framework.info');
  }

  executorDir(run: Omit<RunKey, 'containerId'>): string {
    return join(this.frameworkDir(run.agentId, run.frameworkId), 'executors', run.executorId);
  }

  runDir(run: RunKey): string {
    return join(this.executorDir(run), 'runs', run.containerId);
  }

  taskDir(run: RunKey, taskId: string): string {
    return join(this.runDir(run), 'tasks', taskId);
  }

  taskInfoFile(run: RunKey, taskId: string): string {
    return join(this.taskDir(run, taskId), 'task.info');
  }

  taskUpdatesFile(run: RunKey, taskId: string): string {
    return join(this.taskDir(run, taskId), 'task.updates');
  }
}
