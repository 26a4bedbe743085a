// The registry on disk: <work_dir>/registry.json, the agents this master (or
// an earlier run of it) admitted and those it removed. Mesos keeps the same
// facts in its replicated log; one master needs only a file.
import { readFile } from 'node:fs/promises';

import * as z from 'zod/mini';

import { errnoCode } from '../../errors.js';
import { AgentInfoSchema } from '../../mesos/agent-info.js';
import { parseJsonText, parseWith } from '../../mesos/validate.js';
import { AddressSchema } from '../../mesos/wire/protocol.js';
import { MasterStartError } from '../errors.js';

export const RegistryAgentSchema = z.object({
  id: z.string().check(z.minLength(1, 'must not be empty')),
  info: AgentInfoSchema,
  address: AddressSchema,
  version: z.optional(z.string()),
});

export const RegistryDocumentSchema = z.object({
  version: z.literal(1, 'must be 1 (the registry format this master reads)'),
  agents: z._default(z.array(RegistryAgentSchema), []),
  /** Agents declared gone: their tasks were reported lost, so they may never come back. */
  removed: z._default(z.array(z.string()), []),
});

export type RegistryAgent = z.infer<typeof RegistryAgentSchema>;
export type RegistryDocument = z.infer<typeof RegistryDocumentSchema>;

export const REGISTRY_FILE = 'registry.json';

/** The document, an empty one when there is no file yet; anything unreadable stops the master. */
export async function readRegistryFile(path: string): Promise<RegistryDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { version: 1, agents: [], removed: [] };
    throw new MasterStartError('REGISTRY_UNREADABLE', `cannot read the registry ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseWith(RegistryDocumentSchema, parseJsonText(text, `registry ${path}`, 'REGISTRY_UNREADABLE'), `registry ${path}`, 'REGISTRY_UNREADABLE');
  } catch (error) {
    throw new MasterStartError('REGISTRY_UNREADABLE', `${(error as Error).message} (move the file away to start with an empty registry: every agent then registers anew)`, { cause: error });
  }
}
