// The parts of the master's GET /state and GET /metrics/snapshot the UI
// reads (src/master/http/state-json.ts and metrics-json.ts write them).
// Every string in here comes from a framework, an agent or a task: it is
// shown as text, never as markup.

export type Resources = Record<string, number | string>;

export interface StatusJson {
  task_id: { value: string };
  state: string;
  source?: string;
  reason?: string;
  message?: string;
  timestamp?: number;
  agent_id?: { value: string };
  healthy?: boolean;
}

export interface TaskJson {
  id: string;
  name: string;
  framework_id: string;
  executor_id?: string;
  agent_id: string;
  state: string;
  status_update_state?: string;
  pending?: boolean;
  source?: string;
  reason?: string;
  message?: string;
  resources: Resources;
  command?: { value?: string; shell?: boolean; arguments?: string[]; user?: string };
  statuses: StatusJson[];
}

export interface AgentJson {
  id: string;
  hostname: string;
  address: string;
  status: string;
  in_transition: boolean;
  active: boolean;
  version?: string;
  registered_time?: number;
  reregistered_time?: number;
  missed_pings?: number;
  resources: Resources;
  used_resources: Resources;
  offered_resources: Resources;
  tasks: number;
}

export interface FrameworkJson {
  id: string;
  name: string;
  user: string;
  role: string;
  principal?: string;
  hostname?: string;
  webui_url?: string;
  failover_timeout: number;
  checkpoint: boolean;
  connected: boolean;
  active: boolean;
  suppressed: boolean;
  recovered: boolean;
  registered_time?: number;
  reregistered_time?: number;
  unregistered_time?: number;
  used_resources: Resources;
  offered_resources: Resources;
  tasks: TaskJson[];
  completed_tasks: TaskJson[];
  offers: unknown[];
}

export interface MasterState {
  version: string;
  id: string;
  hostname: string;
  address: string;
  start_time: number;
  activated_agents: number;
  agents_in_transition: number;
  agents: AgentJson[];
  frameworks: FrameworkJson[];
  completed_frameworks: FrameworkJson[];
}

export type Metrics = Record<string, number>;
