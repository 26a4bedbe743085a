// Mesos Resources: the v1 JSON schema, the --resources text form, arithmetic.
export * from './resource.js';
export * from './arithmetic.js';
export * from './ranges.js';
export * from './text.js';
