// The v1 scheduler API client: for mesos-execute, the tests and the bench.
export { SchedulerClient } from './client.js';
export type { SchedulerClientOptions } from './client.js';
export { TaskReconciler } from './reconciler.js';
export type { ReconcileOptions, ReconcileResult, ReconcileTarget } from './reconciler.js';
export { SchedulerError } from './errors.js';
export { Backoff } from './backoff.js';
