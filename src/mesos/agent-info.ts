// AgentInfo in v1 JSON: what an agent says about itself when it registers.
import * as z from 'zod/mini';

import { AgentIdSchema } from './ids.js';
import { RangesSchema, ResourceListSchema, ScalarSchema, SetSchema } from './resources/resource.js';

export const AttributeSchema = z.object({
  name: z.string().check(z.minLength(1, 'must not be empty')),
  type: z.enum(['SCALAR', 'RANGES', 'SET', 'TEXT']),
  scalar: z.optional(ScalarSchema),
  ranges: z.optional(RangesSchema),
  set: z.optional(SetSchema),
  text: z.optional(z.object({ value: z.string() })),
});

export const AgentInfoSchema = z.object({
  hostname: z.string().check(z.minLength(1, 'must not be empty')),
  port: z.optional(z.int().check(z.positive('must be positive'), z.lte(65535, 'must be at most 65535'))),
  resources: z._default(ResourceListSchema, []),
  attributes: z.optional(z.array(AttributeSchema)),
  id: z.optional(AgentIdSchema),
});

export type AgentInfo = z.infer<typeof AgentInfoSchema>;
