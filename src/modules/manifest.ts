// --modules, exactly as Mesos: inline JSON, an absolute path, or a file://
// URL; {"libraries":[{"file"|"name", "modules":[{"name", "parameters":[{"key","value"}]}]}]}.
// Unknown keys are ignored; a parameter needs both key and value.
import { readFileSync } from 'node:fs';

import { ModuleError } from './errors.js';
import type { Parameter } from './types.js';
import { jsonErrorOf, messageOf } from '../errors.js';

export interface ManifestModule {
  name: string;
  parameters: Parameter[];
}

export interface ManifestLibrary {
  /** A path to a JS file. */
  file?: string;
  /** An npm package name, or a path without extension. */
  name?: string;
  modules: ManifestModule[];
}

export interface Manifest {
  libraries: ManifestLibrary[];
}

function fail(message: string): never {
  throw new ModuleError('INVALID_MODULES_MANIFEST', `invalid --modules manifest: ${message}`);
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${where} must be a JSON object`);
  return value as Record<string, unknown>;
}

function list(value: unknown, where: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(`${where} must be an array`);
  return value as unknown[];
}

function optionalString(value: unknown, where: string): string | undefined {
  if (value !== undefined && typeof value !== 'string') fail(`${where} must be a string`);
  return value as string | undefined;
}

function parseParameter(value: unknown, where: string): Parameter {
  const p = object(value, where);
  const key = optionalString(p.key, `${where}.key`);
  const text = optionalString(p.value, `${where}.value`);
  if (key === undefined || text === undefined) fail(`${where} needs both "key" and "value"`);
  return { key: key!, value: text! };
}

export function parseManifest(json: unknown): Manifest {
  const top = object(json, 'the manifest');
  return {
    libraries: list(top.libraries, '"libraries"').map((entry, i) => {
      const where = `libraries[${i}]`;
      const library = object(entry, where);
      const file = optionalString(library.file, `${where}.file`);
      const name = optionalString(library.name, `${where}.name`);
      const modules = list(library.modules, `${where}.modules`).map((m, j) => {
        const module = object(m, `${where}.modules[${j}]`);
        return {
          name: optionalString(module.name, `${where}.modules[${j}].name`) ?? '',
          parameters: list(module.parameters, `${where}.modules[${j}].parameters`).map((p, k) => parseParameter(p, `${where}.modules[${j}].parameters[${k}]`)),
        };
      });
      return { ...(file !== undefined && { file }), ...(name !== undefined && { name }), modules };
    }),
  };
}

/** The flag's value: JSON, or a path ('/…' or 'file://…') to read it from. */
export function readManifest(flag: string): Manifest {
  const path = flag.startsWith('file://') ? flag.slice('file://'.length) : flag.startsWith('/') ? flag : undefined;
  let text = flag;
  if (path !== undefined) {
    try {
      text = readFileSync(path, 'utf8');
    } catch (cause) {
      throw new ModuleError('INVALID_MODULES_MANIFEST', `cannot read the --modules manifest '${path}': ${messageOf(cause)}`, {}, { cause });
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    fail(`not valid JSON (${jsonErrorOf(cause)})${path ? ` in '${path}'` : ''}`);
  }
  return parseManifest(json);
}
