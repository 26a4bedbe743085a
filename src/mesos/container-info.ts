// Mesos's ContainerInfo (type MESOS) and its volumes, in v1 JSON form.
import * as z from 'zod/mini';

import { InvalidInputError } from '../errors.js';
import { parseJsonText, parseWith } from './validate.js';

export type VolumeMode = 'RW' | 'RO';

export interface Volume {
  container_path: string;
  host_path?: string;
  mode: VolumeMode;
}

export interface ContainerInfo {
  type: 'MESOS';
  volumes: Volume[];
}

const CODE = 'INVALID_CONTAINER_INFO';

export const VolumeSchema = z.object({
  container_path: z.string().check(z.minLength(1, 'is required')),
  host_path: z.optional(z.string()),
  mode: z.enum(['RW', 'RO'], 'must be "RW" or "RO"'),
});

export const ContainerInfoSchema = z.object({
  type: z.literal('MESOS', 'must be "MESOS" (this containerizer runs no other kind of container)'),
  volumes: z._default(z.array(VolumeSchema), []),
});

export function parseContainerInfo(input: unknown): ContainerInfo {
  const json = typeof input === 'string' ? parseJsonText(input, 'ContainerInfo', CODE) : input;
  return parseWith(ContainerInfoSchema, json, 'ContainerInfo', CODE);
}

/** The CLI shorthand CONTAINER_PATH:HOST_PATH[:ro|rw]. */
export function parseVolumeFlag(flag: string): Volume {
  const parts = flag.split(':');
  const last = parts[parts.length - 1]?.toLowerCase();
  const mode: VolumeMode = last === 'ro' ? 'RO' : 'RW';
  if (last === 'ro' || last === 'rw') parts.pop();
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new InvalidInputError(
      CODE,
      `invalid ContainerInfo: '--volume=${flag}' must be CONTAINER_PATH:HOST_PATH[:ro|rw] (use --default_container_info for paths with a colon)`,
    );
  }
  return { container_path: parts[0]!, host_path: parts[1]!, mode };
}
