// Messages an agent sends to the master, at POST /internal/v1/master.
import * as z from 'zod/mini';

import { AgentInfoSchema } from '../agent-info.js';
import { ExecutorInfoSchema } from '../executor-info.js';
import { FrameworkInfoSchema } from '../framework-info.js';
import { AgentIdSchema } from '../ids.js';
import { TaskSchema } from '../task.js';
import { AddressSchema, VersionSchema } from './protocol.js';
import { StatusUpdateSchema } from './status-update.js';

const FrameworkWithIdSchema = z.object({ ...FrameworkInfoSchema.shape, id: FrameworkInfoSchema.shape.id.def.innerType });
const AgentInfoWithIdSchema = z.object({ ...AgentInfoSchema.shape, id: AgentInfoSchema.shape.id.def.innerType });

/** A new agent: the master answers AGENT_REGISTERED with its id. */
export const RegisterAgentSchema = z.object({
  agent_info: AgentInfoSchema,
  /** where the master sends this agent's messages */
  address: AddressSchema,
  /** the agent's software version, e.g. "0.21.0" */
  agent_version: z.string(),
});

/** An agent that has an id (after its own restart, or the master's): what it runs. */
export const ReregisterAgentSchema = z.object({
  agent_info: AgentInfoWithIdSchema,
  address: AddressSchema,
  agent_version: z.string(),
  /** every framework with a task here */
  frameworks: z._default(z.array(FrameworkWithIdSchema), []),
  /** the executors of those tasks (for command tasks, the ones the agent made up) */
  executors: z._default(z.array(ExecutorInfoSchema), []),
  /** every task not yet known to be over: running ones, and ended ones whose terminal update is unacknowledged */
  tasks: z._default(z.array(TaskSchema), []),
});

export const StatusUpdateMessageSchema = z.object({ update: StatusUpdateSchema });

/** The agent is going away for good (its tasks are gone with it). */
export const UnregisterAgentSchema = z.object({ agent_id: AgentIdSchema });

export const ToMasterSchema = z.discriminatedUnion('type', [
  z.object({ version: VersionSchema, type: z.literal('REGISTER_AGENT'), register_agent: RegisterAgentSchema }),
  z.object({ version: VersionSchema, type: z.literal('REREGISTER_AGENT'), reregister_agent: ReregisterAgentSchema }),
  z.object({ version: VersionSchema, type: z.literal('STATUS_UPDATE'), status_update: StatusUpdateMessageSchema }),
  z.object({ version: VersionSchema, type: z.literal('UNREGISTER_AGENT'), unregister_agent: UnregisterAgentSchema }),
]);

export type ToMaster = z.infer<typeof ToMasterSchema>;
export type ToMasterType = ToMaster['type'];
export type RegisterAgent = z.infer<typeof RegisterAgentSchema>;
export type ReregisterAgent = z.infer<typeof ReregisterAgentSchema>;
