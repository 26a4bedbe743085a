// A module library: a JS file ("file", an absolute path) or an npm package
// ("name", resolved from the working directory, or a path without its
// extension). Like Mesos's dlopen'ed libraries, a library is loaded once.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { ModuleError } from './errors.js';
import { messageOf } from '../errors.js';
import type { ManifestLibrary } from './manifest.js';

export interface LoadedLibrary {
  /** As the manifest names it, for messages. */
  label: string;
  path: string;
  exports: Record<string, unknown>;
}

const loaded = new Map<string, Promise<Record<string, unknown>>>();

function resolveName(name: string): string | undefined {
  const candidates = [name, `${name}.mjs`, `${name}.js`, `${name}.cjs`];
  const from = [join(process.cwd(), 'noop.js'), import.meta.url];
  for (const base of from) {
    const require = createRequire(base);
    for (const candidate of candidates) {
      try {
        return require.resolve(candidate);
      } catch {
        // try the next
      }
    }
  }
  return undefined;
}

function locate(entry: ManifestLibrary): { label: string; path: string } {
  if (entry.file !== undefined) {
    const file = entry.file;
    if (file === '') throw new ModuleError('MODULE_LIBRARY_NOT_FOUND', 'a library has an empty "file"', { library: file });
    if (!isAbsolute(file)) throw new ModuleError('MODULE_LIBRARY_NOT_FOUND', `library file '${file}' must be an absolute path`, { library: file });
    if (!existsSync(file)) throw new ModuleError('MODULE_LIBRARY_NOT_FOUND', `cannot open library '${file}': no such file`, { library: file });
    return { label: file, path: file };
  }
  if (entry.name !== undefined && entry.name !== '') {
    const path = resolveName(entry.name);
    if (!path) throw new ModuleError('MODULE_LIBRARY_NOT_FOUND', `cannot find library '${entry.name}' (neither an npm package nor a file)`, { library: entry.name });
    return { label: entry.name, path };
  }
  throw new ModuleError('MODULE_LIBRARY_NOT_FOUND', 'a library needs a "file" or a "name" (library name or path not provided)');
}

export async function loadLibrary(entry: ManifestLibrary): Promise<LoadedLibrary> {
  const { label, path } = locate(entry);
  let load = loaded.get(path);
  if (!load) {
    load = import(pathToFileURL(path).href) as Promise<Record<string, unknown>>;
    loaded.set(path, load);
  }
  try {
    return { label, path, exports: await load };
  } catch (cause) {
    loaded.delete(path);
    const error = cause as Error;
    throw new ModuleError('MODULE_LIBRARY_FAILED', `cannot load library '${label}': ${error.name}: ${messageOf(error)}`, { library: label }, { cause });
  }
}
