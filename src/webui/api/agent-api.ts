// An agent's own endpoints, reached through the master, which relays them
// (GET /proxy/agents/<id>/state, /files/browse, /files/read): the browser
// may not reach the agents (a tunnel to the master's port, agents on a
// private network, an agent that names itself 127.0.0.1), and the agents
// need not answer other origins.
import { fetchJson } from './fetch-json.js';

export interface ContainerStatusJson {
  container_id: string;
  state: string;
  pid: number | null;
  isolation: string[];
  resources: { cpus?: number; mem?: number } | null;
  user: string | null;
  cgroup: string | null;
  created: string | null;
  exit_code: number | null;
  signal: number | null;
  finished_at: string | null;
  message: string | null;
}

export interface ExecutorJson {
  id: string;
  container: string;
  directory: string;
  container_status?: ContainerStatusJson | null;
  tasks: Array<{ id: string }>;
  completed_tasks: Array<{ id: string }>;
}

interface AgentFrameworkJson {
  id: string;
  executors?: ExecutorJson[];
  completed_executors?: ExecutorJson[];
}

export interface AgentStateJson {
  id: string;
  hostname: string;
  frameworks: AgentFrameworkJson[];
  completed_frameworks: AgentFrameworkJson[];
}

export interface FileEntry {
  path: string;
  size: number;
  mtime: number;
  mode: string;
  nlink: number;
  uid: string;
  gid: string;
}

export interface ReadAnswer {
  data: string;
  offset: number;
  /** Bytes the answer covers (data is their UTF-8 text); absent from agents that predate it. */
  length?: number;
}

const base = (agentId: string): string => `/proxy/agents/${encodeURIComponent(agentId)}`;

export function agentState(agentId: string): Promise<AgentStateJson> {
  return fetchJson<AgentStateJson>(`${base(agentId)}/state`);
}

export function browse(agentId: string, path: string): Promise<FileEntry[]> {
  return fetchJson<FileEntry[]>(`${base(agentId)}/files/browse?path=${encodeURIComponent(path)}`);
}

export function read(agentId: string, path: string, offset: number, length?: number): Promise<ReadAnswer> {
  const extra = length === undefined ? '' : `&length=${length}`;
  return fetchJson<ReadAnswer>(`${base(agentId)}/files/read?path=${encodeURIComponent(path)}&offset=${offset}${extra}`);
}

/** The executor that ran the task (its command executor, named after it), live or completed. */
export function findExecutor(state: AgentStateJson, frameworkId: string, taskId: string): ExecutorJson | undefined {
  const has = (e: ExecutorJson): boolean => e.id === taskId || [...e.tasks, ...e.completed_tasks].some((t) => t.id === taskId);
  for (const framework of [...state.frameworks, ...state.completed_frameworks]) {
    if (framework.id !== frameworkId) continue;
    const found = [...(framework.executors ?? []), ...(framework.completed_executors ?? [])].find(has);
    if (found) return found;
  }
  return undefined;
}
