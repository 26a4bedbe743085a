// The loaded modules (Mesos's ModuleManager): every module of the manifest is
// loaded, verified and created at start-up, so that a bad one stops the
// program before anything runs, never later.
import { messageOf } from '../errors.js';
import { ModuleError } from './errors.js';
import type { LoadedLibrary } from './library.js';
import { loadLibrary } from './library.js';
import type { Manifest, ManifestModule } from './manifest.js';
import type { ModuleDeclaration, ModuleKind, ModuleKinds, Parameter } from './types.js';
import type { VersionContext } from './verify.js';
import { verifyModule } from './verify.js';

export interface LoadedModule {
  name: string;
  library: string;
  kind: ModuleKind;
  declaration: ModuleDeclaration;
  parameters: Parameter[];
  instance: unknown;
}

/** What `modules list` shows of one module, loaded or not. */
export interface ModuleReport {
  library: string;
  module: string;
  kind: string | null;
  module_api_version: string | null;
  mesos_version: string | null;
  description: string | null;
  loads: boolean;
  error: string | null;
}

async function instantiate(declaration: ModuleDeclaration, where: { library: string; module: string }, parameters: Parameter[]): Promise<unknown> {
  let instance: unknown;
  try {
    instance = await declaration.create(parameters);
  } catch (cause) {
    throw new ModuleError('MODULE_CREATE_FAILED', `module '${where.module}' in library '${where.library}': create() failed: ${messageOf(cause)}`, where, { cause });
  }
  if (typeof instance !== 'object' || instance === null) {
    throw new ModuleError('MODULE_CREATE_FAILED', `module '${where.module}' in library '${where.library}': create() returned no module`, where);
  }
  // Modules are named by the manifest: an isolator or hook is known by it.
  if (typeof (instance as { name?: unknown }).name !== 'string') Object.defineProperty(instance, 'name', { value: where.module });
  return instance;
}

export class ModuleRegistry {
  private readonly modules = new Map<string, LoadedModule>();

  constructor(private readonly versions?: VersionContext) {}

  static async load(manifest: Manifest, versions?: VersionContext): Promise<ModuleRegistry> {
    const registry = new ModuleRegistry(versions);
    for (const entry of manifest.libraries) {
      const library = await loadLibrary(entry);
      for (const module of entry.modules) await registry.add(library, module);
    }
    return registry;
  }

  private declaration(library: LoadedLibrary, module: ManifestModule): ModuleDeclaration {
    const where = { library: library.label, module: module.name };
    if (!module.name) throw new ModuleError('MODULE_NOT_FOUND', `a module of library '${library.label}' has no name`, where);
    if (!Object.hasOwn(library.exports, module.name)) {
      const names = Object.keys(library.exports).filter((n) => n !== 'default');
      throw new ModuleError('MODULE_NOT_FOUND', `library '${library.label}' has no module '${module.name}' (it exports: ${names.join(', ') || 'nothing'})`, where);
    }
    return verifyModule(library.exports[module.name], where, this.versions);
  }

  async add(library: LoadedLibrary, module: ManifestModule): Promise<LoadedModule> {
    const existing = this.modules.get(module.name);
    if (existing) {
      throw new ModuleError('MODULE_DUPLICATE', `module '${module.name}' is listed twice (in '${existing.library}' and in '${library.label}')`, { library: library.label, module: module.name });
    }
    const declaration = this.declaration(library, module);
    const where = { library: library.label, module: module.name };
    const instance = await instantiate(declaration, where, module.parameters);
    const loaded: LoadedModule = { name: module.name, library: library.label, kind: declaration.kind, declaration, parameters: module.parameters, instance };
    this.modules.set(module.name, loaded);
    return loaded;
  }

  contains(name: string, kind?: ModuleKind): boolean {
    const module = this.modules.get(name);
    return module !== undefined && (kind === undefined || module.kind === kind);
  }

  get<K extends ModuleKind>(name: string, kind: K): ModuleKinds[K] {
    const module = this.modules.get(name);
    if (!module) throw new ModuleError('MODULE_UNKNOWN', `module '${name}' is not loaded (see --modules)`, { module: name });
    if (module.kind !== kind) {
      throw new ModuleError('MODULE_KIND_MISMATCH', `module '${name}' is of kind '${module.kind}', but a '${kind}' was requested`, { module: name, library: module.library });
    }
    return module.instance as ModuleKinds[K];
  }

  ofKind<K extends ModuleKind>(kind: K): Array<ModuleKinds[K]> {
    return [...this.modules.values()].filter((m) => m.kind === kind).map((m) => m.instance as ModuleKinds[K]);
  }

  unload(name: string): void {
    if (!this.modules.delete(name)) throw new ModuleError('MODULE_UNKNOWN', `cannot unload module '${name}': it is not loaded`, { module: name });
  }

  list(): LoadedModule[] {
    return [...this.modules.values()];
  }

  /** Tries every module on its own, for `modules list`: what loads, what does not, and why. */
  static async inspect(manifest: Manifest, versions?: VersionContext): Promise<ModuleReport[]> {
    const registry = new ModuleRegistry(versions);
    const reports: ModuleReport[] = [];
    for (const entry of manifest.libraries) {
      const label = entry.file ?? entry.name ?? '';
      let library: LoadedLibrary | undefined;
      let libraryError: string | undefined;
      try {
        library = await loadLibrary(entry);
      } catch (error) {
        libraryError = messageOf(error);
      }
      for (const module of entry.modules) {
        const raw = library?.exports[module.name] as Partial<ModuleDeclaration> | undefined;
        const describe = (field: unknown): string | null => (typeof field === 'string' ? field : null);
        const report: ModuleReport = {
          library: label,
          module: module.name,
          kind: describe(raw?.kind),
          module_api_version: describe(raw?.moduleApiVersion),
          mesos_version: describe(raw?.mesosVersion),
          description: describe(raw?.description),
          loads: false,
          error: libraryError ?? null,
        };
        if (library) {
          try {
            await registry.add(library, module);
            report.loads = true;
          } catch (error) {
            report.error = messageOf(error);
          }
        }
        reports.push(report);
      }
    }
    return reports;
  }
}
