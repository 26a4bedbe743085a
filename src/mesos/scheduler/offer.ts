// Offers and the operations a framework applies to them, in v1 JSON.
import * as z from 'zod/mini';

import { AttributeSchema } from '../agent-info.js';
import { AgentIdSchema, ExecutorIdSchema, FrameworkIdSchema, OfferIdSchema, TaskIdSchema } from '../ids.js';
import { ResourceListSchema } from '../resources/resource.js';

export const OfferSchema = z.object({
  id: OfferIdSchema,
  framework_id: FrameworkIdSchema,
  agent_id: AgentIdSchema,
  hostname: z.string(),
  resources: z._default(ResourceListSchema, []),
  attributes: z.optional(z.array(AttributeSchema)),
  executor_ids: z.optional(z.array(ExecutorIdSchema)),
});

export type Offer = z.infer<typeof OfferSchema>;

/**
 * A task as it arrives in a LAUNCH: only its id is checked here, so that a
 * task that is wrong in any other way is answered with TASK_ERROR naming the
 * problem (the master parses it with TaskInfoSchema), not with a refused call.
 */
export const LaunchedTaskSchema = z.looseObject({ task_id: TaskIdSchema });

export const LaunchSchema = z.object({ task_infos: z._default(z.array(LaunchedTaskSchema), []) });

/** Only LAUNCH: this master has no reservations, volumes or task groups. */
export const OperationSchema = z.object({
  type: z.literal('LAUNCH', 'must be "LAUNCH" (the only operation this master performs)'),
  launch: LaunchSchema,
});

export type Operation = z.infer<typeof OperationSchema>;
