// Mesos's ContainerInfo (type MESOS): its volumes and its linux_info
// capabilities, in v1 JSON form.
import * as z from 'zod/mini';

import { InvalidInputError } from '../errors.js';
import { canonicalCapability, sortCapabilities } from './capabilities.js';
import { parseJsonText, parseWith } from './validate.js';

export type VolumeMode = 'RW' | 'RO';

export interface Volume {
  container_path: string;
  host_path?: string;
  mode: VolumeMode;
}

/** Mesos's CapabilityInfo: capability names (CHOWN, NET_BIND_SERVICE...). */
export interface CapabilityInfo {
  capabilities: string[];
}

/** Mesos's LinuxInfo, the part linux/capabilities reads. */
export interface LinuxInfo {
  effective_capabilities?: CapabilityInfo;
  bounding_capabilities?: CapabilityInfo;
}

export interface ContainerInfo {
  type: 'MESOS';
  volumes: Volume[];
  linux_info?: LinuxInfo;
}

const CODE = 'INVALID_CONTAINER_INFO';

/**
 * Built at the first parse, not at import: the CLI imports this module for
 * every launch, and a launch without --default_container_info parses none.
 */
function makeSchema() {
  const VolumeSchema = z.object({
    container_path: z.string().check(z.minLength(1, 'is required')),
    host_path: z.optional(z.string()),
    mode: z.enum(['RW', 'RO'], 'must be "RW" or "RO"'),
  });

  /** A name as written (chown, CAP_CHOWN, CHOWN) becomes its canonical form; the set comes out in kernel order. */
  const CapabilityName = z.pipe(
    z.string().check(
      z.refine((written) => canonicalCapability(written) !== undefined, {
        error: (issue) => `is an unknown capability '${String(issue.input)}' (names as in capabilities(7), e.g. CHOWN)`,
      }),
    ),
    z.transform((written) => canonicalCapability(written)!),
  );

  const CapabilityInfoSchema = z.pipe(
    z.object({ capabilities: z._default(z.array(CapabilityName), []) }),
    z.transform(({ capabilities }): CapabilityInfo => ({ capabilities: sortCapabilities(capabilities) })),
  );

  const LinuxInfoSchema = z.pipe(
    z
      .object({
        // capability_info is Mesos's older name for the effective set.
        capability_info: z.optional(CapabilityInfoSchema),
        effective_capabilities: z.optional(CapabilityInfoSchema),
        bounding_capabilities: z.optional(CapabilityInfoSchema),
      })
      .check(
        z.superRefine((info, ctx) => {
          if (!info.capability_info || !info.effective_capabilities) return;
          ctx.addIssue({ code: 'custom', path: [], message: "may have 'capability_info' or 'effective_capabilities', not both" });
        }),
      ),
    z.transform((info): LinuxInfo => {
      const linux: LinuxInfo = {};
      const effective = info.capability_info ?? info.effective_capabilities;
      if (effective) linux.effective_capabilities = effective;
      if (info.bounding_capabilities) linux.bounding_capabilities = info.bounding_capabilities;
      return linux;
    }),
  );

  return z.pipe(
    z.object({
      type: z.literal('MESOS', {
        error: (issue) =>
          issue.input === undefined ? 'is required' : `must be "MESOS" (this containerizer runs no ${JSON.stringify(issue.input)} containers)`,
      }),
      volumes: z._default(z.array(VolumeSchema), []),
      linux_info: z.optional(LinuxInfoSchema),
    }),
    z.transform(({ type, volumes, linux_info }): ContainerInfo => ({ type, volumes, ...(linux_info && { linux_info }) })),
  );
}

let schema: ReturnType<typeof makeSchema> | undefined;

/** ContainerInfo as it arrives (a TaskInfo's `container`, --default_container_info). */
export const containerInfoSchema = (): ReturnType<typeof makeSchema> => (schema ??= makeSchema());

export function parseContainerInfo(input: unknown): ContainerInfo {
  const json = typeof input === 'string' ? parseJsonText(input, 'ContainerInfo', CODE) : input;
  return parseWith(containerInfoSchema(), json, 'ContainerInfo', CODE);
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
