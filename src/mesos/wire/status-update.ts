// A status update on its way from an agent to the master (Mesos's
// StatusUpdate): the task's TaskStatus, whose uuid the master acknowledges,
// and the task's latest state, which may be ahead of the update's (updates
// travel one at a time per task).
import * as z from 'zod/mini';

import { AgentIdSchema, ExecutorIdSchema, FrameworkIdSchema } from '../ids.js';
import { TaskStateSchema } from '../task-state.js';
import { TaskStatusSchema } from '../task-status.js';

export const StatusUpdateSchema = z
  .object({
    framework_id: FrameworkIdSchema,
    agent_id: AgentIdSchema,
    executor_id: z.optional(ExecutorIdSchema),
    status: TaskStatusSchema,
    latest_state: z.optional(TaskStateSchema),
  })
  .check(
    z.superRefine((update, ctx) => {
      if (!update.status.uuid) ctx.addIssue({ code: 'custom', path: ['status', 'uuid'], message: 'is required: an agent update is acknowledged by its uuid' });
      if (!update.status.source) ctx.addIssue({ code: 'custom', path: ['status', 'source'], message: 'is required: an update says who made it' });
    }),
  );

export type StatusUpdate = z.infer<typeof StatusUpdateSchema>;
