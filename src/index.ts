// The library: everything the CLI does, for programs (the agent) to drive in-process.
export { Containerizer } from './containerizer/containerizer.js';
export type { LaunchRequest, LaunchedContainer } from './containerizer/launch.js';
export type { ContainerizerOptions } from './containerizer/options.js';
export { DEFAULTS } from './containerizer/options.js';
export type { ContainerStatus } from './containerizer/status.js';
export type { Termination } from './containerizer/termination.js';
export type { DestroyResult } from './containerizer/destroy.js';
export type { RecoveryReport } from './containerizer/recover.js';
export type { Isolator, ContainerConfig, ContainerSnapshot } from './isolators/isolator.js';
export type { LaunchInfo, MountSpec } from './isolators/launch-info.js';
// The Mesos protocol types with their schemas, and the agent<->master wire.
export * from './mesos/index.js';
export * from './mesos/wire/index.js';
export { ContainerizerError, InvalidInputError } from './errors.js';
export { LaunchError } from './launcher/errors.js';
export { UnknownContainerError, ContainerExistsError, DestroyError } from './containerizer/errors.js';
export { createLogger } from './log/logger.js';
export type { Logger, LogLevel } from './log/logger.js';
export { ModuleRegistry } from './modules/registry.js';
export { readManifest, parseManifest } from './modules/manifest.js';
export type { Manifest } from './modules/manifest.js';
export { ModuleError } from './modules/errors.js';
export { decorateStatus } from './containerizer/hooks.js';
export { createDrfAllocator } from './allocator/drf.js';
export type * from './modules/types.js';
export type { ResourceStatistics } from './containerizer/usage.js';
export type { GcResult } from './containerizer/gc.js';
export type { LogsRequest } from './containerizer/logs.js';
export type { EnterRequest, EnteredProcess } from './containerizer/enter.js';
// The v1 scheduler API (schemas, RecordIO), its client, and the master as a library.
export * from './mesos/scheduler/index.js';
export { SchedulerClient, TaskReconciler, SchedulerError, Backoff } from './scheduler/index.js';
export type { SchedulerClientOptions, ReconcileOptions, ReconcileResult, ReconcileTarget } from './scheduler/index.js';
export { Master } from './master/master.js';
export type { MasterOptions } from './master/options.js';
export type { Allocation, AllocatorFramework } from './allocator/allocator.js';
