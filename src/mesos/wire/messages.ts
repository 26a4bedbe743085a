// Building messages: the payload sits under the snake_case of its type, as
// in the v1 API ({"type":"RUN_TASK","run_task":{...}}).
import type { ToAgent, ToAgentType } from './to-agent.js';
import type { ToMaster, ToMasterType } from './to-master.js';
import { PROTOCOL_VERSION } from './protocol.js';

type PayloadKey<T extends string> = Lowercase<T>;
type ToMasterPayload<T extends ToMasterType> = Extract<ToMaster, { type: T }> extends infer M ? M[PayloadKey<T> & keyof M] : never;
type ToAgentPayload<T extends ToAgentType> = Extract<ToAgent, { type: T }> extends infer M ? M[PayloadKey<T> & keyof M] : never;

export function toMaster<T extends ToMasterType>(type: T, payload: ToMasterPayload<T>): Extract<ToMaster, { type: T }> {
  return { version: PROTOCOL_VERSION, type, [type.toLowerCase()]: payload } as unknown as Extract<ToMaster, { type: T }>;
}

export function toAgent<T extends ToAgentType>(type: T, masterId: string, payload: ToAgentPayload<T>): Extract<ToAgent, { type: T }> {
  return { version: PROTOCOL_VERSION, type, master_id: masterId, [type.toLowerCase()]: payload } as unknown as Extract<ToAgent, { type: T }>;
}

/** The payload of a parsed message. */
export function payloadOf<M extends { type: string }>(message: M): unknown {
  return (message as Record<string, unknown>)[message.type.toLowerCase()];
}
