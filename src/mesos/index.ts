// The Mesos protocol types shared by agent and master, with their schemas.
export * from './ids.js';
export * from './labels.js';
export * from './uuid.js';
export * from './task-state.js';
export * from './source.js';
export * from './reason.js';
export * from './task-status.js';
export * from './command-info.js';
export * from './container-info.js';
export * from './executor-info.js';
export * from './framework-info.js';
export * from './agent-info.js';
export * from './task-info.js';
export * from './task.js';
export * from './validate.js';
export * from './resources/index.js';
