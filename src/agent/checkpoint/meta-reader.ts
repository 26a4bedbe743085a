// Reading the checkpoint back at start-up. Missing pieces are normal crash
// windows (a directory made, its file not yet written) and are skipped; a
// file that is there but does not parse is an error naming it (or, with
// --strict=false, counted and skipped); a torn last status update record is
// cut off.
import { readFile, readdir, readlink } from 'node:fs/promises';

import type * as z from 'zod/mini';

import { errnoCode, messageOf } from '../../errors.js';
import type { AgentInfo } from '../../mesos/agent-info.js';
import { AgentInfoSchema } from '../../mesos/agent-info.js';
import { FrameworkInfoSchema } from '../../mesos/framework-info.js';
import type { TaskInfo } from '../../mesos/task-info.js';
import { TaskInfoSchema } from '../../mesos/task-info.js';
import { parseJsonText, parseWith } from '../../mesos/validate.js';
import type { AgentPaths, RunKey } from '../paths.js';
import type { Framework } from '../task-table.js';
import { isTemporaryCheckpoint } from './atomic-write.js';
import { CheckpointError } from './errors.js';
import type { UpdateRecord } from './update-log.js';
import { readUpdateLog } from './update-log.js';

export interface RecoveredTask {
  run: RunKey;
  taskId: string;
  /** Undefined for a task refused before it parsed (only its updates were kept). */
  info: TaskInfo | undefined;
  records: UpdateRecord[];
  logPath: string;
}

export interface Checkpoint {
  /** The boot id written at the end of the last recovery. */
  bootId: string | undefined;
  agent: { info: AgentInfo & { id: { value: string } }; frameworks: Framework[]; tasks: RecoveredTask[] } | undefined;
  /** Problems skipped with --strict=false, and torn records cut off. */
  warnings: string[];
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    if (errnoCode(cause) === 'ENOENT') return undefined;
    throw new CheckpointError('CHECKPOINT_UNREADABLE', path, `cannot read checkpoint ${path}: ${messageOf(cause)}`, { cause });
  }
}

async function readJson<S extends z.ZodMiniType>(path: string, schema: S, document: string): Promise<z.infer<S> | undefined> {
  const text = await readText(path);
  if (text === undefined) return undefined;
  try {
    return parseWith(schema, parseJsonText(text, document, 'CHECKPOINT_UNREADABLE'), document, 'CHECKPOINT_UNREADABLE');
  } catch (cause) {
    throw new CheckpointError('CHECKPOINT_UNREADABLE', path, `checkpoint ${path} is unreadable: ${messageOf(cause)}`, { cause });
  }
}

async function list(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => !isTemporaryCheckpoint(name) && name !== 'latest').sort();
  } catch (cause) {
    if (errnoCode(cause) === 'ENOENT') return [];
    throw new CheckpointError('CHECKPOINT_UNREADABLE', dir, `cannot list checkpoint directory ${dir}: ${messageOf(cause)}`, { cause });
  }
}

export async function readCheckpoint(paths: AgentPaths, strict: boolean): Promise<Checkpoint> {
  const warnings: string[] = [];
  /** In non-strict mode a bad piece is skipped and noted; strict, it stops the start. */
  const tolerate = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      if (strict || !(error instanceof CheckpointError)) throw error;
      warnings.push(error.message);
      return undefined;
    }
  };

  const bootId = (await readText(paths.bootIdFile()))?.trim();
  let agentId: string;
  try {
    agentId = await readlink(paths.latestLink());
  } catch (cause) {
    if (errnoCode(cause) === 'ENOENT') return { bootId, agent: undefined, warnings };
    throw new CheckpointError('CHECKPOINT_UNREADABLE', paths.latestLink(), `cannot read ${paths.latestLink()}: ${messageOf(cause)}`, { cause });
  }
  const infoFile = paths.agentInfoFile(agentId);
  const info = await readJson(infoFile, AgentInfoSchema, 'AgentInfo');
  if (!info?.id || info.id.value !== agentId) {
    throw new CheckpointError('CHECKPOINT_UNREADABLE', infoFile, `checkpoint ${infoFile} is ${info ? `for agent ${info.id?.value ?? '(no id)'}, not ${agentId}` : 'missing'}`);
  }

  const frameworks: Framework[] = [];
  const tasks: RecoveredTask[] = [];
  for (const frameworkId of await list(paths.frameworksDir(agentId))) {
    const framework = await tolerate(() => readJson(paths.frameworkInfoFile(agentId, frameworkId), FrameworkInfoSchema, 'FrameworkInfo'));
    if (!framework) continue; // made, never written: nothing of it ran
    frameworks.push({ ...framework, id: { value: frameworkId } });
    const executorsDir = `${paths.frameworkDir(agentId, frameworkId)}/executors`;
    for (const executorId of await list(executorsDir)) {
      for (const containerId of await list(`${executorsDir}/${executorId}/runs`)) {
        const run: RunKey = { agentId, frameworkId, executorId, containerId };
        for (const taskId of await list(`${paths.runDir(run)}/tasks`)) {
          const logPath = paths.taskUpdatesFile(run, taskId);
          const recovered = await tolerate(async () => {
            const taskInfo = await readJson(paths.taskInfoFile(run, taskId), TaskInfoSchema, 'TaskInfo');
            const log = await readUpdateLog(logPath);
            if (log.tornBytes > 0) warnings.push(`${logPath}: cut off a torn last record (${log.tornBytes} bytes)`);
            return { run, taskId, info: taskInfo, records: log.records, logPath };
          });
          if (recovered && (recovered.info || recovered.records.length > 0)) tasks.push(recovered);
        }
      }
    }
  }
  return { bootId, agent: { info: { ...info, id: info.id }, frameworks, tasks }, warnings };
}
