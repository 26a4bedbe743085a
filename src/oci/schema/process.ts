// The OCI Process (config.json's "process", and exec's --process file).
import * as z from 'zod/mini';

import { int32, uint32, uint64 } from './numbers.js';

const names = z.optional(z.array(z.string()));

export const CapabilitiesSchema = z.object({
  bounding: names,
  effective: names,
  inheritable: names,
  permitted: names,
  ambient: names,
});

export const RlimitSchema = z.object({ type: z.string(), hard: uint64, soft: uint64 });

export const UserSchema = z.object({
  uid: z.optional(uint32),
  gid: z.optional(uint32),
  umask: z.optional(uint32),
  additionalGids: z.optional(z.array(uint32)),
  username: z.optional(z.string()),
});

export const ProcessSchema = z.object({
  terminal: z.optional(z.boolean()),
  user: z.optional(UserSchema),
  args: z.optional(z.array(z.string())),
  commandLine: z.optional(z.string()),
  env: z.optional(z.array(z.string())),
  cwd: z.string(),
  capabilities: z.optional(CapabilitiesSchema),
  rlimits: z.optional(z.array(RlimitSchema)),
  noNewPrivileges: z.optional(z.boolean()),
  apparmorProfile: z.optional(z.string()),
  oomScoreAdj: z.optional(int32),
  selinuxLabel: z.optional(z.string()),
});

export type OciProcess = z.infer<typeof ProcessSchema>;
export type OciCapabilities = z.infer<typeof CapabilitiesSchema>;
