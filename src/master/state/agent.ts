// An agent as the master knows it. Its status says whether it is registered
// or in transition: known from the registry after a master restart and not
// re-registered yet (recovered), being admitted (registering, reregistering),
// or being removed. While an agent is in transition, the master answers no
// reconciliation request for tasks it does not know on that agent.
import type { AgentInfo } from '../../mesos/agent-info.js';
import type { Resource } from '../../mesos/resources/resource.js';
import type { Address } from '../../mesos/wire/protocol.js';
import type { AgentLink } from '../agents/link.js';
import type { TaskRecord } from './task.js';

export type AgentStatus = 'registering' | 'registered' | 'recovered' | 'reregistering' | 'removing';

export interface AgentRecord {
  readonly id: string;
  info: AgentInfo;
  address: Address;
  version: string | undefined;
  status: AgentStatus;
  total: Resource[];
  /** By taskKey(framework, task). */
  tasks: Map<string, TaskRecord>;
  /** Kills sent (or due) and not yet answered by a terminal update: resent after a re-registration. */
  killed: Set<string>;
  link: AgentLink;
  missedPings: number;
  /** A PING is on its way. */
  pinging: boolean;
  /** The master lost track of a message to it: its next PING asks it to re-register (and report). */
  resync: boolean;
  registeredTime: number | undefined;
  reregisteredTime: number | undefined;
}

export const isInTransition = (agent: AgentRecord): boolean => agent.status !== 'registered';
