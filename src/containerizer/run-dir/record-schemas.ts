// The run directory's files are read by other processes, other versions and
// after crashes: each is checked against its schema, and a file that fails
// (half written, garbage, from an unknown format) is reported as torn, never
// trusted and never a crash of the reader.
import * as z from 'zod/mini';

import type { ContainerState, TerminationRecord } from './records.js';
import { RECORD_FORMAT } from './records.js';

/**
 * Made at the first read, not at import: building them is most of what
 * zod costs, and a process may never read a record (a launch only writes).
 */
function makeSchemas() {
  const identity = z.object({ pid: z.number().check(z.int(), z.positive()), startTime: z.number() });
  const cgroupRef = z.object({ version: z.union([z.literal(1), z.literal(2)]), mountPoint: z.string(), path: z.string() });

  const containerState = z.looseObject({
    format: z.literal(RECORD_FORMAT),
    containerId: z.string(),
    phase: z.enum(['launching', 'running', 'aborted']),
    launcher: z.looseObject({ ...identity.shape, bootId: z.string() }),
    created: z.number(),
    sandbox: z.string(),
    sandboxCreated: z.boolean(),
    isolation: z.array(z.string()),
    cgroupsRoot: z.string(),
    cgroup: z.optional(cgroupRef),
    command: z.looseObject({ value: z.string() }),
    user: z.optional(z.string()),
    monitor: z.optional(identity),
    init: z.optional(identity),
    resourceCgroups: z.optional(z.array(cgroupRef)),
    isolatorState: z.record(z.string(), z.unknown()),
    watchedByStub: z.optional(z.array(z.string())),
    cleanedUp: z.optional(z.boolean()),
    cleanupPending: z.optional(z.array(z.string())),
  });

  const terminationRecord = z.looseObject({
    exit_code: z.nullable(z.number()),
    signal: z.nullable(z.number()),
    finished_at: z.number(),
    error: z.optional(z.looseObject({ stage: z.string(), errno: z.number(), message: z.string() })),
  });
  return { containerState, terminationRecord };
}

let schemas: ReturnType<typeof makeSchemas> | undefined;
const recordSchemas = (): ReturnType<typeof makeSchemas> => (schemas ??= makeSchemas());

export type Parsed<T> = { value: T; problem?: undefined } | { value?: undefined; problem: string };

function parse<T>(schema: z.ZodMiniType, text: string, what: string): Parsed<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: text.length === 0 ? `${what} is empty` : `${what} is not JSON (half written?)` };
  }
  const result = schema.safeParse(json);
  if (result.success) return { value: result.data as T };
  const issue = result.error.issues[0];
  return { problem: `${what} is not a record this version understands (${issue?.path.join('.') || 'the whole file'}: ${issue?.message ?? 'invalid'})` };
}

export function parseContainerState(text: string, id: string): Parsed<ContainerState> {
  const parsed = parse<ContainerState>(recordSchemas().containerState, text, 'state.json');
  if (parsed.value && parsed.value.containerId !== id) return { problem: `state.json names another container ('${parsed.value.containerId}')` };
  return parsed;
}

export function parseTermination(text: string): Parsed<TerminationRecord> {
  return parse<TerminationRecord>(recordSchemas().terminationRecord, text, 'termination.json');
}
