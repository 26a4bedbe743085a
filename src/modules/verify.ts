// Whether a module may load (Mesos's verifyModule): all fields present, the
// module API version ours, a known kind, and
//   kind minimum <= the version it was built for <= this project's version,
// exactly equal when the module has no compatible(), which must otherwise
// say yes.
import type { ErrorCode } from '../errors.js';
import { messageOf } from '../errors.js';
import { VERSION } from '../version.js';
import { ModuleError } from './errors.js';
import type { ModuleDeclaration, ModuleKind } from './types.js';
import { MODULE_API_VERSION, MODULE_KINDS } from './types.js';
import type { Version } from './version.js';
import { compareVersions, formatVersion, parseVersion } from './version.js';

/** The oldest project version each kind's contract accepts (all of them date from 0.21.0). */
export const KIND_MINIMUM_VERSIONS: Record<ModuleKind, string> = { Isolator: '0.21.0', Hook: '0.21.0', Allocator: '0.21.0' };

export interface VersionContext {
  projectVersion: string;
  kindMinimums: Record<string, string>;
}

const REQUIRED = ['kind', 'moduleApiVersion', 'mesosVersion', 'authorName', 'authorEmail', 'description'] as const;

export function verifyModule(
  declaration: unknown,
  where: { library: string; module: string },
  context: VersionContext = { projectVersion: VERSION, kindMinimums: KIND_MINIMUM_VERSIONS },
): ModuleDeclaration {
  const at = `module '${where.module}' in library '${where.library}'`;
  const refuse = (code: ErrorCode, why: string): never => {
    throw new ModuleError(code, `${at}: ${why}`, where);
  };
  if (typeof declaration !== 'object' || declaration === null) return refuse('MODULE_INVALID', 'the export is not a module declaration (an object)');
  const d = declaration as Record<string, unknown>;
  const missing = REQUIRED.filter((field) => typeof d[field] !== 'string');
  if (missing.length > 0) refuse('MODULE_INVALID', `missing fields: ${missing.join(', ')}`);
  if (typeof d.create !== 'function') refuse('MODULE_INVALID', 'create() is missing');
  if (d.compatible !== undefined && typeof d.compatible !== 'function') refuse('MODULE_INVALID', 'compatible must be a function');

  if (d.moduleApiVersion !== MODULE_API_VERSION) {
    refuse('MODULE_API_MISMATCH', `module API version mismatch: this project has ${MODULE_API_VERSION}, the module requires ${d.moduleApiVersion}`);
  }
  if (!(MODULE_KINDS as readonly unknown[]).includes(d.kind)) {
    refuse('MODULE_UNKNOWN_KIND', `unknown module kind '${d.kind}' (known kinds: ${MODULE_KINDS.join(', ')})`);
  }
  const kind = d.kind as ModuleKind;
  const module = parseVersion(d.mesosVersion as string) ?? refuse('MODULE_VERSION_INVALID', `cannot parse its version '${d.mesosVersion}'`);
  const project = parseVersion(context.projectVersion) as Version;
  const minimum = parseVersion(context.kindMinimums[kind] ?? context.projectVersion) as Version;
  const built = formatVersion(module);

  if (compareVersions(module, minimum) < 0) {
    refuse('MODULE_TOO_OLD', `it was built for version ${built}, older than ${formatVersion(minimum)}, the oldest this project accepts for '${kind}' modules`);
  }
  if (compareVersions(module, project) > 0) {
    refuse('MODULE_TOO_NEW', `it was built for version ${built}, newer than this project (${formatVersion(project)})`);
  }
  if (d.compatible === undefined) {
    if (compareVersions(module, project) !== 0) {
      refuse('MODULE_VERSION_MISMATCH', `it was built for version ${built} and has no compatible() check, so it must match this project's version ${formatVersion(project)} exactly`);
    }
  } else {
    let verdict: unknown;
    try {
      verdict = (d.compatible as () => unknown)();
    } catch (cause) {
      throw new ModuleError('MODULE_INCOMPATIBLE', `${at}: compatible() threw: ${messageOf(cause)}`, where, { cause });
    }
    if (verdict !== true) refuse('MODULE_INCOMPATIBLE', `its compatible() check says it is incompatible with this project (version ${formatVersion(project)})`);
  }
  return declaration as ModuleDeclaration;
}
