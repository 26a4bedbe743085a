// A task's directories as a user of the agent finds them: its sandbox from
// /state (live or completed), and the checkpoint run directory that mirrors
// it under <work_dir>/meta.
import { join, relative } from 'node:path';

interface ExecutorJson {
  id: string;
  directory: string;
}
interface FrameworkJson {
  executors?: ExecutorJson[];
  completed_executors?: ExecutorJson[];
}
interface StateJson {
  frameworks: FrameworkJson[];
  completed_frameworks: FrameworkJson[];
}

export async function agentState(url: string): Promise<StateJson> {
  return (await (await fetch(`${url}/state`)).json()) as StateJson;
}

/** The sandbox /state gives for the task (its executor is named after it), or undefined. */
export async function sandboxOf(url: string, taskId: string): Promise<string | undefined> {
  const state = await agentState(url);
  const executors = [...state.frameworks, ...state.completed_frameworks].flatMap((f) => [...(f.executors ?? []), ...(f.completed_executors ?? [])]);
  return executors.find((e) => e.id === taskId)?.directory;
}

/** <work_dir>/meta/slaves/... for <work_dir>/slaves/...: the task's checkpoint run directory. */
export function metaRunDir(workDir: string, sandbox: string): string {
  return join(workDir, 'meta', relative(workDir, sandbox));
}
