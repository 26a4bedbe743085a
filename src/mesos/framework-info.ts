// FrameworkInfo in v1 JSON.
import * as z from 'zod/mini';

import { FrameworkIdSchema } from './ids.js';
import { LabelsSchema } from './labels.js';

export const FrameworkInfoSchema = z.object({
  user: z.string(),
  name: z.string(),
  id: z.optional(FrameworkIdSchema),
  /** seconds the master keeps the framework's tasks after it disconnects */
  failover_timeout: z.optional(z.number().check(z.nonnegative('must not be negative'))),
  /** its tasks survive an agent restart (and end with the agent when false) */
  checkpoint: z.optional(z.boolean()),
  role: z.optional(z.string()),
  roles: z.optional(z.array(z.string())),
  hostname: z.optional(z.string()),
  principal: z.optional(z.string()),
  webui_url: z.optional(z.string()),
  capabilities: z.optional(z.array(z.object({ type: z.string() }))),
  labels: z.optional(LabelsSchema),
});

export type FrameworkInfo = z.infer<typeof FrameworkInfoSchema>;
