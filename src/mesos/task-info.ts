// TaskInfo in v1 JSON: what a framework asks to run.
import * as z from 'zod/mini';

import { commandInfoSchema } from './command-info.js';
import { containerInfoSchema } from './container-info.js';
import { ExecutorInfoSchema } from './executor-info.js';
import { AgentIdSchema, TaskIdSchema } from './ids.js';
import { LabelsSchema } from './labels.js';
import { ResourceListSchema } from './resources/resource.js';
import { BytesSchema } from './uuid.js';

/** v1 DurationInfo: int64 nanoseconds, which JSON may carry as a number or a string. */
export const DurationInfoSchema = z.object({
  nanoseconds: z.pipe(
    z.union([z.int(), z.string().check(z.regex(/^\d+$/, 'must be a whole number of nanoseconds'))]),
    z.transform((n) => Number(n)),
  ),
});

/** How to kill a task: SIGTERM, then the grace period, then destroy. */
export const KillPolicySchema = z.object({ grace_period: z.optional(DurationInfoSchema) });

export const TaskInfoSchema = z.object({
  name: z.string(),
  task_id: TaskIdSchema,
  agent_id: AgentIdSchema,
  resources: z._default(ResourceListSchema, []),
  executor: z.optional(ExecutorInfoSchema),
  command: z.optional(commandInfoSchema()),
  container: z.optional(containerInfoSchema()),
  data: z.optional(BytesSchema),
  labels: z.optional(LabelsSchema),
  kill_policy: z.optional(KillPolicySchema),
});

export type TaskInfo = z.infer<typeof TaskInfoSchema>;
export type TaskInfoJson = z.input<typeof TaskInfoSchema>;
export type KillPolicy = z.infer<typeof KillPolicySchema>;

export function gracePeriodMs(policy: KillPolicy | undefined): number | undefined {
  const ns = policy?.grace_period?.nanoseconds;
  return ns === undefined ? undefined : ns / 1e6;
}
