// Messages the master sends to an agent, at POST /internal/v1/agent. Each
// names the master's run (`master_id`, new at every master start), so that
// an agent can tell a restarted master from the one it registered with.
import * as z from 'zod/mini';

import { AgentIdSchema, FrameworkIdSchema, TaskIdSchema } from '../ids.js';
import { KillPolicySchema } from '../task-info.js';
import { TaskStatusSchema } from '../task-status.js';
import { UuidSchema } from '../uuid.js';
import { ConnectionSchema, VersionSchema } from './protocol.js';

export const AgentRegisteredSchema = z.object({
  agent_id: AgentIdSchema,
  connection: z.optional(ConnectionSchema),
});

/** A ReconcileTasksMessage of 0.21: tasks the master has on this agent that the agent did not report. */
export const ReconciliationSchema = z.object({
  framework_id: FrameworkIdSchema,
  statuses: z.array(TaskStatusSchema),
});

export const AgentReregisteredSchema = z.object({
  agent_id: AgentIdSchema,
  connection: z.optional(ConnectionSchema),
  reconciliations: z._default(z.array(ReconciliationSchema), []),
});

/**
 * Only what is needed to answer for the task is checked here (its id and its
 * framework's): a task that is wrong in any other way gets a terminal status
 * update from the agent, which parses it with TaskInfoSchema.
 */
export const RunTaskSchema = z.object({
  framework: z.looseObject({ id: FrameworkIdSchema }),
  task: z.looseObject({ task_id: TaskIdSchema }),
});

export const KillTaskSchema = z.object({
  framework_id: FrameworkIdSchema,
  task_id: TaskIdSchema,
  kill_policy: z.optional(KillPolicySchema),
});

export const AcknowledgementSchema = z.object({
  agent_id: AgentIdSchema,
  framework_id: FrameworkIdSchema,
  task_id: TaskIdSchema,
  uuid: UuidSchema,
});

/** The master's health check; `connected: false` asks the agent to re-register. */
export const PingSchema = z.object({ connected: z.boolean() });

export const ShutdownAgentSchema = z.object({ message: z.string() });

export const ShutdownFrameworkSchema = z.object({ framework_id: FrameworkIdSchema });

const envelope = { version: VersionSchema, master_id: z.string().check(z.minLength(1, 'must not be empty')) };

export const ToAgentSchema = z.discriminatedUnion('type', [
  z.object({ ...envelope, type: z.literal('AGENT_REGISTERED'), agent_registered: AgentRegisteredSchema }),
  z.object({ ...envelope, type: z.literal('AGENT_REREGISTERED'), agent_reregistered: AgentReregisteredSchema }),
  z.object({ ...envelope, type: z.literal('RUN_TASK'), run_task: RunTaskSchema }),
  z.object({ ...envelope, type: z.literal('KILL_TASK'), kill_task: KillTaskSchema }),
  z.object({ ...envelope, type: z.literal('STATUS_UPDATE_ACKNOWLEDGEMENT'), status_update_acknowledgement: AcknowledgementSchema }),
  z.object({ ...envelope, type: z.literal('PING'), ping: PingSchema }),
  z.object({ ...envelope, type: z.literal('SHUTDOWN_AGENT'), shutdown_agent: ShutdownAgentSchema }),
  z.object({ ...envelope, type: z.literal('SHUTDOWN_FRAMEWORK'), shutdown_framework: ShutdownFrameworkSchema }),
]);

/** The answer to PING, in the HTTP response (200). */
export const PongSchema = z.object({
  version: VersionSchema,
  type: z.literal('PONG'),
  pong: z.object({ agent_id: z.optional(AgentIdSchema), registered: z.boolean() }),
});

export type ToAgent = z.infer<typeof ToAgentSchema>;
export type ToAgentType = ToAgent['type'];
export type Pong = z.infer<typeof PongSchema>;
export type Reconciliation = z.infer<typeof ReconciliationSchema>;
export type RunTask = z.infer<typeof RunTaskSchema>;
