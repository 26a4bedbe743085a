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
export type { CommandInfo } from './mesos/command-info.js';
export { parseCommandInfo } from './mesos/command-info.js';
export type { ContainerInfo, Volume } from './mesos/container-info.js';
export { ContainerizerError, InvalidInputError } from './errors.js';
export { LaunchError } from './launcher/errors.js';
export { UnknownContainerError, ContainerExistsError, DestroyError } from './containerizer/errors.js';
export { createLogger } from './log/logger.js';
export type { Logger, LogLevel } from './log/logger.js';
