// ExecutorInfo in v1 JSON. This agent runs only command tasks (it is their
// executor itself); a TaskInfo that names its own executor is refused, but
// it still parses, so that the refusal can say so.
import * as z from 'zod/mini';

import { commandInfoSchema } from './command-info.js';
import { containerInfoSchema } from './container-info.js';
import { ExecutorIdSchema, FrameworkIdSchema } from './ids.js';
import { LabelsSchema } from './labels.js';
import { ResourceListSchema } from './resources/resource.js';
import { BytesSchema } from './uuid.js';

export const ExecutorInfoSchema = z.object({
  executor_id: ExecutorIdSchema,
  framework_id: z.optional(FrameworkIdSchema),
  type: z.optional(z.enum(['DEFAULT', 'CUSTOM'])),
  command: z.optional(commandInfoSchema()),
  container: z.optional(containerInfoSchema()),
  resources: z._default(ResourceListSchema, []),
  name: z.optional(z.string()),
  source: z.optional(z.string()),
  data: z.optional(BytesSchema),
  labels: z.optional(LabelsSchema),
});

export type ExecutorInfo = z.infer<typeof ExecutorInfoSchema>;
