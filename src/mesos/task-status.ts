// TaskStatus in v1 JSON, and how an update is made (Mesos's
// protobuf::createStatusUpdate): a fresh uuid, the time in seconds.
import * as z from 'zod/mini';

import { AgentIdSchema, ExecutorIdSchema, TaskIdSchema } from './ids.js';
import { LabelsSchema } from './labels.js';
import type { Labels } from './labels.js';
import type { Reason } from './reason.js';
import { ReasonSchema } from './reason.js';
import type { Source } from './source.js';
import { SourceSchema } from './source.js';
import type { TaskState } from './task-state.js';
import { TaskStateSchema } from './task-state.js';
import { BytesSchema, UuidSchema, newUuid } from './uuid.js';

export const TaskStatusSchema = z.object({
  task_id: TaskIdSchema,
  state: TaskStateSchema,
  message: z.optional(z.string()),
  source: z.optional(SourceSchema),
  reason: z.optional(ReasonSchema),
  /** bytes, base64 */
  data: z.optional(BytesSchema),
  agent_id: z.optional(AgentIdSchema),
  executor_id: z.optional(ExecutorIdSchema),
  /** seconds since the epoch */
  timestamp: z.optional(z.number()),
  /** 16 bytes, base64; absent on updates nobody acknowledges (the master's own) */
  uuid: z.optional(UuidSchema),
  healthy: z.optional(z.boolean()),
  labels: z.optional(LabelsSchema),
});

export type TaskStatus = z.infer<typeof TaskStatusSchema>;

export interface NewStatus {
  taskId: string;
  state: TaskState;
  source: Source;
  message?: string;
  reason?: Reason;
  agentId?: string;
  executorId?: string;
  labels?: Labels;
  healthy?: boolean;
  /** Default true: updates the master makes itself (reconciliation, TASK_ERROR) carry none. */
  withUuid?: boolean;
}

export const nowSeconds = (): number => Date.now() / 1000;

export function createTaskStatus(s: NewStatus): TaskStatus {
  return {
    task_id: { value: s.taskId },
    state: s.state,
    message: s.message ?? '',
    source: s.source,
    ...(s.reason && { reason: s.reason }),
    ...(s.agentId !== undefined && { agent_id: { value: s.agentId } }),
    ...(s.executorId !== undefined && { executor_id: { value: s.executorId } }),
    timestamp: nowSeconds(),
    ...(s.withUuid !== false && { uuid: newUuid() }),
    ...(s.healthy !== undefined && { healthy: s.healthy }),
    ...(s.labels && { labels: s.labels }),
  };
}
