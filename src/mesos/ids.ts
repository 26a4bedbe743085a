// Mesos ids in their v1 JSON form: {"value": "..."}.
import * as z from 'zod/mini';

const idValue = z.string().check(z.minLength(1, 'must not be empty'));

/** Any Mesos id: TaskID, FrameworkID, AgentID, ExecutorID, OfferID, ContainerID. */
export const IdSchema = z.object({ value: idValue });
export type Id = z.infer<typeof IdSchema>;

export const TaskIdSchema = IdSchema;
export const FrameworkIdSchema = IdSchema;
export const AgentIdSchema = IdSchema;
export const ExecutorIdSchema = IdSchema;
export const OfferIdSchema = IdSchema;
export const ContainerIdSchema = IdSchema;

export type TaskId = Id;
export type FrameworkId = Id;
export type AgentId = Id;
export type ExecutorId = Id;
export type OfferId = Id;

export const id = (value: string): Id => ({ value });
