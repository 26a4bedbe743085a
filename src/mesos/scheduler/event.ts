// The events the master streams to a subscribed framework, in v1 JSON:
//   {"type":"UPDATE","update":{"status":{…}}}
import * as z from 'zod/mini';

import { AgentIdSchema, ExecutorIdSchema, FrameworkIdSchema, OfferIdSchema } from '../ids.js';
import type { TaskStatus } from '../task-status.js';
import { TaskStatusSchema } from '../task-status.js';
import { BytesSchema } from '../uuid.js';
import type { Offer } from './offer.js';
import { OfferSchema } from './offer.js';

export const EventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('SUBSCRIBED'),
    subscribed: z.object({ framework_id: FrameworkIdSchema, heartbeat_interval_seconds: z.optional(z.number()) }),
  }),
  z.object({ type: z.literal('OFFERS'), offers: z.object({ offers: z._default(z.array(OfferSchema), []) }) }),
  z.object({ type: z.literal('RESCIND'), rescind: z.object({ offer_id: OfferIdSchema }) }),
  z.object({ type: z.literal('UPDATE'), update: z.object({ status: TaskStatusSchema }) }),
  z.object({ type: z.literal('MESSAGE'), message: z.object({ agent_id: AgentIdSchema, executor_id: ExecutorIdSchema, data: BytesSchema }) }),
  z.object({
    type: z.literal('FAILURE'),
    failure: z.object({ agent_id: z.optional(AgentIdSchema), executor_id: z.optional(ExecutorIdSchema), status: z.optional(z.int()) }),
  }),
  z.object({ type: z.literal('ERROR'), error: z.object({ message: z.string() }) }),
  z.object({ type: z.literal('HEARTBEAT') }),
]);

export type Event = z.infer<typeof EventSchema>;
export type EventType = Event['type'];
export type EventOf<T extends EventType> = Extract<Event, { type: T }>;

export const events = {
  subscribed: (frameworkId: string, heartbeatSeconds: number): EventOf<'SUBSCRIBED'> => ({
    type: 'SUBSCRIBED',
    subscribed: { framework_id: { value: frameworkId }, heartbeat_interval_seconds: heartbeatSeconds },
  }),
  offers: (offers: Offer[]): EventOf<'OFFERS'> => ({ type: 'OFFERS', offers: { offers } }),
  rescind: (offerId: string): EventOf<'RESCIND'> => ({ type: 'RESCIND', rescind: { offer_id: { value: offerId } } }),
  update: (status: TaskStatus): EventOf<'UPDATE'> => ({ type: 'UPDATE', update: { status } }),
  failure: (agentId: string): EventOf<'FAILURE'> => ({ type: 'FAILURE', failure: { agent_id: { value: agentId } } }),
  error: (message: string): EventOf<'ERROR'> => ({ type: 'ERROR', error: { message } }),
  heartbeat: (): EventOf<'HEARTBEAT'> => ({ type: 'HEARTBEAT' }),
};
