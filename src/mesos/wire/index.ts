// The agent<->master wire, shared by both sides (docs/agent-master-protocol.md).
export * from './protocol.js';
export * from './status-update.js';
export * from './to-master.js';
export * from './to-agent.js';
export * from './messages.js';
export * from './errors.js';
export * from './outbox.js';
export * from './inbox.js';
