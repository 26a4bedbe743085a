// Mesos's v1 scheduler HTTP API: calls, events, offers, filters, RecordIO.
export * from './call.js';
export * from './event.js';
export * from './filters.js';
export * from './offer.js';
export * from './recordio.js';
