// The module contract, for module authors: a library (a JS file or an npm
// package) exports one declaration per module, under the module's name, e.g.
//
//   export const org_example_EnvIsolator: IsolatorModule = {
//     kind: 'Isolator', moduleApiVersion: '2', mesosVersion: '0.21.0',
//     authorName: 'Example', authorEmail: 'dev@example.org',
//     description: 'Gives each container an environment variable.',
//     create: (parameters) => ({ name: 'org_example_EnvIsolator', prepare: () => ({ env: { A: 'b' } }) }),
//   };
import type { Allocator } from '../allocator/allocator.js';
import type { Isolator } from '../isolators/isolator.js';
import type { Hook } from './hook.js';

/** Bumped when the contract below changes incompatibly (Mesos's MESOS_MODULE_API_VERSION is "2"). */
export const MODULE_API_VERSION = '2';

export interface ModuleKinds {
  Isolator: Isolator;
  Hook: Hook;
  Allocator: Allocator;
}
export type ModuleKind = keyof ModuleKinds;
export const MODULE_KINDS: readonly ModuleKind[] = ['Isolator', 'Hook', 'Allocator'];

export interface Parameter {
  key: string;
  value: string;
}

export interface ModuleDeclaration<K extends ModuleKind = ModuleKind> {
  kind: K;
  /** Must equal MODULE_API_VERSION. */
  moduleApiVersion: string;
  /** The version of this project the module was built for ("0.21.0"). */
  mesosVersion: string;
  authorName: string;
  authorEmail: string;
  description: string;
  /**
   * Without it, mesosVersion must equal this project's version exactly; with
   * it, it may be older (down to the kind's minimum) if this returns true.
   */
  compatible?: () => boolean;
  /** Makes the module from the manifest's parameters; throw to refuse them. */
  create(parameters: Parameter[]): ModuleKinds[K] | Promise<ModuleKinds[K]>;
}

export type IsolatorModule = ModuleDeclaration<'Isolator'>;
export type HookModule = ModuleDeclaration<'Hook'>;
export type AllocatorModule = ModuleDeclaration<'Allocator'>;

export type { Hook } from './hook.js';
export type { Allocator } from '../allocator/allocator.js';
export type { Isolator } from '../isolators/isolator.js';
