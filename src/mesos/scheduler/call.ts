// The calls a framework makes to POST /api/v1/scheduler, in v1 JSON:
//   {"framework_id":{"value":"…"},"type":"ACCEPT","accept":{…}}
// the payload under the snake_case of the type. Unknown fields are dropped,
// as protobuf's JSON parser does.
import * as z from 'zod/mini';

import { FrameworkInfoSchema } from '../framework-info.js';
import { AgentIdSchema, ExecutorIdSchema, FrameworkIdSchema, OfferIdSchema, TaskIdSchema } from '../ids.js';
import { KillPolicySchema } from '../task-info.js';
import { BytesSchema, UuidSchema } from '../uuid.js';
import { FiltersSchema } from './filters.js';
import { OperationSchema } from './offer.js';

export const SubscribeSchema = z.object({
  framework_info: FrameworkInfoSchema,
  /** Replace a subscription of the same framework that is still open. */
  force: z.optional(z.boolean()),
});

export const AcceptSchema = z.object({
  offer_ids: z._default(z.array(OfferIdSchema), []),
  operations: z._default(z.array(OperationSchema), []),
  filters: z.optional(FiltersSchema),
});

export const DeclineSchema = z.object({
  offer_ids: z._default(z.array(OfferIdSchema), []),
  filters: z.optional(FiltersSchema),
});

export const KillSchema = z.object({
  task_id: TaskIdSchema,
  agent_id: z.optional(AgentIdSchema),
  kill_policy: z.optional(KillPolicySchema),
});

export const ShutdownSchema = z.object({ executor_id: ExecutorIdSchema, agent_id: AgentIdSchema });

export const AcknowledgeSchema = z.object({ agent_id: AgentIdSchema, task_id: TaskIdSchema, uuid: UuidSchema });

export const ReconcileTaskSchema = z.object({ task_id: TaskIdSchema, agent_id: z.optional(AgentIdSchema) });
export const ReconcileSchema = z.object({ tasks: z._default(z.array(ReconcileTaskSchema), []) });

export const MessageSchema = z.object({ agent_id: AgentIdSchema, executor_id: ExecutorIdSchema, data: BytesSchema });

export const RequestSchema = z.object({ requests: z._default(z.array(z.looseObject({})), []) });

const withFramework = { framework_id: FrameworkIdSchema };

export const CallSchema = z
  .discriminatedUnion('type', [
    z.object({ framework_id: z.optional(FrameworkIdSchema), type: z.literal('SUBSCRIBE'), subscribe: SubscribeSchema }),
    z.object({ ...withFramework, type: z.literal('TEARDOWN') }),
    z.object({ ...withFramework, type: z.literal('ACCEPT'), accept: AcceptSchema }),
    z.object({ ...withFramework, type: z.literal('DECLINE'), decline: DeclineSchema }),
    z.object({ ...withFramework, type: z.literal('REVIVE') }),
    z.object({ ...withFramework, type: z.literal('SUPPRESS') }),
    z.object({ ...withFramework, type: z.literal('KILL'), kill: KillSchema }),
    z.object({ ...withFramework, type: z.literal('SHUTDOWN'), shutdown: ShutdownSchema }),
    z.object({ ...withFramework, type: z.literal('ACKNOWLEDGE'), acknowledge: AcknowledgeSchema }),
    z.object({ ...withFramework, type: z.literal('RECONCILE'), reconcile: ReconcileSchema }),
    z.object({ ...withFramework, type: z.literal('MESSAGE'), message: MessageSchema }),
    z.object({ ...withFramework, type: z.literal('REQUEST'), request: z._default(RequestSchema, { requests: [] }) }),
  ])
  .check(
    z.superRefine((call, ctx) => {
      // A re-subscription names its framework twice; both must agree (as Mesos checks).
      if (call.type !== 'SUBSCRIBE') return;
      const claimed = call.subscribe.framework_info.id?.value;
      if (claimed === undefined) return;
      if (call.framework_id?.value !== claimed) {
        ctx.addIssue({ code: 'custom', path: ['framework_id'], message: `must equal 'subscribe.framework_info.id' ('${claimed}') when re-subscribing` });
      }
      // Agents name directories after framework ids: an id that cannot be one is refused here.
      if (/[\u0000-\u001f\u007f/\\]/.test(claimed) || claimed === '.' || claimed === '..' || Buffer.byteLength(claimed) > 255) {
        ctx.addIssue({ code: 'custom', path: ['subscribe', 'framework_info', 'id', 'value'], message: "must be a possible directory name: no control characters, '/' or '\\', not '.' or '..', at most 255 bytes" });
      }
    }),
  );

export type Call = z.infer<typeof CallSchema>;
export type CallType = Call['type'];
export type CallOf<T extends CallType> = Extract<Call, { type: T }>;
export type Subscribe = z.infer<typeof SubscribeSchema>;
export type Accept = z.infer<typeof AcceptSchema>;
export type Decline = z.infer<typeof DeclineSchema>;
export type Kill = z.infer<typeof KillSchema>;
export type Acknowledge = z.infer<typeof AcknowledgeSchema>;
export type ReconcileTask = z.infer<typeof ReconcileTaskSchema>;
