// config.json: the parts this runtime reads (runtime-spec 1.0-1.2). Fields
// it does not know are ignored (zod's object drops them); values it cannot
// apply are refused by the plan, with the field's name.
import * as z from 'zod/mini';

import { int64, uint32 } from './numbers.js';
import { ProcessSchema } from './process.js';
import { ResourcesSchema } from './resources.js';

const IdMappingSchema = z.object({ containerID: uint32, hostID: uint32, size: uint32 });

export const MountSchema = z.object({
  destination: z.string(),
  type: z.optional(z.string()),
  source: z.optional(z.string()),
  options: z.optional(z.array(z.string())),
  uidMappings: z.optional(z.array(IdMappingSchema)),
  gidMappings: z.optional(z.array(IdMappingSchema)),
});

export const HookSchema = z.object({
  path: z.string(),
  args: z.optional(z.array(z.string())),
  env: z.optional(z.array(z.string())),
  timeout: z.optional(int64),
});

const hookList = z.optional(z.array(HookSchema));
export const HooksSchema = z.object({
  prestart: hookList,
  createRuntime: hookList,
  createContainer: hookList,
  startContainer: hookList,
  poststart: hookList,
  poststop: hookList,
});

export const NamespaceSchema = z.object({ type: z.string(), path: z.optional(z.string()) });

export const DeviceSchema = z.object({
  type: z.string(),
  path: z.string(),
  major: z.optional(int64),
  minor: z.optional(int64),
  fileMode: z.optional(uint32),
  uid: z.optional(uint32),
  gid: z.optional(uint32),
});

export const LinuxSchema = z.object({
  uidMappings: z.optional(z.array(IdMappingSchema)),
  gidMappings: z.optional(z.array(IdMappingSchema)),
  sysctl: z.optional(z.record(z.string(), z.string())),
  resources: z.optional(ResourcesSchema),
  cgroupsPath: z.optional(z.string()),
  namespaces: z.optional(z.array(NamespaceSchema)),
  devices: z.optional(z.array(DeviceSchema)),
  seccomp: z.optional(z.unknown()),
  rootfsPropagation: z.optional(z.string()),
  maskedPaths: z.optional(z.array(z.string())),
  readonlyPaths: z.optional(z.array(z.string())),
  mountLabel: z.optional(z.string()),
  intelRdt: z.optional(z.unknown()),
  personality: z.optional(z.unknown()),
  timeOffsets: z.optional(z.unknown()),
});

export const ConfigSchema = z.object({
  ociVersion: z.string(),
  root: z.optional(z.object({ path: z.string(), readonly: z.optional(z.boolean()) })),
  mounts: z.optional(z.array(MountSchema)),
  process: z.optional(ProcessSchema),
  hostname: z.optional(z.string()),
  domainname: z.optional(z.string()),
  hooks: z.optional(HooksSchema),
  annotations: z.optional(z.record(z.string(), z.string())),
  linux: z.optional(LinuxSchema),
});

export type OciConfig = z.infer<typeof ConfigSchema>;
export type OciMount = z.infer<typeof MountSchema>;
export type OciHook = z.infer<typeof HookSchema>;
export type OciHooks = z.infer<typeof HooksSchema>;
export type OciLinux = z.infer<typeof LinuxSchema>;
export type OciDevice = z.infer<typeof DeviceSchema>;
