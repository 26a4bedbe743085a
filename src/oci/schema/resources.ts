// LinuxResources: config.json's linux.resources, and update's --resources.
import * as z from 'zod/mini';

import { int64, uint16, uint32, uint64 } from './numbers.js';

export const DeviceRuleSchema = z.object({
  allow: z.boolean(),
  type: z.optional(z.string()),
  major: z.optional(int64),
  minor: z.optional(int64),
  access: z.optional(z.string()),
});

export const MemorySchema = z.object({
  limit: z.optional(int64),
  reservation: z.optional(int64),
  swap: z.optional(int64),
  kernel: z.optional(int64),
  kernelTCP: z.optional(int64),
  swappiness: z.optional(uint64),
  disableOOMKiller: z.optional(z.boolean()),
  useHierarchy: z.optional(z.boolean()),
  checkBeforeUpdate: z.optional(z.boolean()),
});

export const CpuSchema = z.object({
  shares: z.optional(uint64),
  quota: z.optional(int64),
  burst: z.optional(uint64),
  period: z.optional(uint64),
  realtimeRuntime: z.optional(int64),
  realtimePeriod: z.optional(uint64),
  cpus: z.optional(z.string()),
  mems: z.optional(z.string()),
  idle: z.optional(int64),
});

const ThrottleDeviceSchema = z.object({ major: int64, minor: int64, rate: uint64 });
const WeightDeviceSchema = z.object({ major: int64, minor: int64, weight: z.optional(uint16), leafWeight: z.optional(uint16) });

export const BlockIOSchema = z.object({
  weight: z.optional(uint16),
  leafWeight: z.optional(uint16),
  weightDevice: z.optional(z.array(WeightDeviceSchema)),
  throttleReadBpsDevice: z.optional(z.array(ThrottleDeviceSchema)),
  throttleWriteBpsDevice: z.optional(z.array(ThrottleDeviceSchema)),
  throttleReadIOPSDevice: z.optional(z.array(ThrottleDeviceSchema)),
  throttleWriteIOPSDevice: z.optional(z.array(ThrottleDeviceSchema)),
});

export const ResourcesSchema = z.object({
  devices: z.optional(z.array(DeviceRuleSchema)),
  memory: z.optional(MemorySchema),
  cpu: z.optional(CpuSchema),
  pids: z.optional(z.object({ limit: int64 })),
  blockIO: z.optional(BlockIOSchema),
  hugepageLimits: z.optional(z.array(z.object({ pageSize: z.string(), limit: uint64 }))),
  network: z.optional(z.object({ classID: z.optional(uint32), priorities: z.optional(z.array(z.object({ name: z.string(), priority: uint32 }))) })),
  rdma: z.optional(z.record(z.string(), z.object({ hcaHandles: z.optional(uint32), hcaObjects: z.optional(uint32) }))),
  unified: z.optional(z.record(z.string(), z.string())),
});

export type OciResources = z.infer<typeof ResourcesSchema>;
export type DeviceRule = z.infer<typeof DeviceRuleSchema>;
