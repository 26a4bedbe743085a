// A Task as v1 shows it (master and agent state, re-registration): the
// TaskInfo it came from, its latest state, and its status updates.
import * as z from 'zod/mini';

import { containerInfoSchema } from './container-info.js';
import { AgentIdSchema, ExecutorIdSchema, FrameworkIdSchema, TaskIdSchema } from './ids.js';
import { LabelsSchema } from './labels.js';
import { ResourceListSchema } from './resources/resource.js';
import { TaskStateSchema } from './task-state.js';
import { TaskStatusSchema } from './task-status.js';
import { UuidSchema } from './uuid.js';

export const TaskSchema = z.object({
  name: z.string(),
  task_id: TaskIdSchema,
  framework_id: FrameworkIdSchema,
  executor_id: z.optional(ExecutorIdSchema),
  agent_id: AgentIdSchema,
  /** the latest state the agent knows */
  state: TaskStateSchema,
  resources: z._default(ResourceListSchema, []),
  /** status updates not yet acknowledged, oldest (the one in flight) first */
  statuses: z._default(z.array(TaskStatusSchema), []),
  /** state and uuid of the update in flight: what the framework will see next */
  status_update_state: z.optional(TaskStateSchema),
  status_update_uuid: z.optional(UuidSchema),
  labels: z.optional(LabelsSchema),
  container: z.optional(containerInfoSchema()),
  user: z.optional(z.string()),
});

export type Task = z.infer<typeof TaskSchema>;
