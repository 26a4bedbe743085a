// linux.namespaces: each type once, new or joined by path (Kubernetes joins
// its pause container's net, ipc and uts). A new user namespace needs its id
// maps. Without a mount namespace the container shares the host's mounts:
// only its root directory changes (chroot), and the plan leaves out what
// would change the host's mount table (create-plan.ts warns).
import type { OciLinux } from '../schema/config.js';
import { OciConfigError, OciUnsupportedError } from '../errors.js';
import type { PlanWords } from './words.js';

export const NAMESPACE_TYPES = ['pid', 'network', 'mount', 'ipc', 'uts', 'user', 'cgroup', 'time'] as const;
export type NamespaceType = (typeof NAMESPACE_TYPES)[number];

export interface NamespacePlan {
  /** Every type the config names: a path to join, or undefined for a new one. */
  types: Map<NamespaceType, string | undefined>;
}

export function namespacePlan(linux: OciLinux | undefined, file: string, exists: (path: string) => boolean): NamespacePlan {
  const types = new Map<NamespaceType, string | undefined>();
  (linux?.namespaces ?? []).forEach((ns, i) => {
    const type = ns.type as NamespaceType;
    if (!NAMESPACE_TYPES.includes(type)) throw new OciUnsupportedError(file, `linux.namespaces[${i}].type: unknown namespace type '${ns.type}'`);
    if (types.has(type)) throw new OciConfigError(file, `linux.namespaces[${i}]: the ${type} namespace is given twice`);
    if (ns.path !== undefined) {
      if (!ns.path.startsWith('/')) throw new OciConfigError(file, `linux.namespaces[${i}].path: '${ns.path}' is not an absolute path`);
      if (!exists(ns.path)) throw new OciConfigError(file, `linux.namespaces[${i}].path: ${ns.path} does not exist`);
    }
    types.set(type, ns.path);
  });
  const newUser = types.has('user') && types.get('user') === undefined;
  const maps = Boolean(linux?.uidMappings?.length || linux?.gidMappings?.length);
  if (newUser && !(linux?.uidMappings?.length && linux?.gidMappings?.length))
    throw new OciConfigError(file, 'linux.uidMappings and linux.gidMappings: a new user namespace needs both');
  if (maps && !newUser) throw new OciConfigError(file, 'linux.uidMappings/gidMappings are given, but no new user namespace is');
  if (linux?.timeOffsets !== undefined) throw new OciUnsupportedError(file, 'linux.timeOffsets are not supported yet');
  return { types };
}

export function namespaceWords(plan: NamespacePlan, linux: OciLinux | undefined, words: PlanWords): void {
  for (const [type, path] of plan.types) {
    if (path === undefined) words.add('--ns', type);
    else words.add('--ns-path', type, path);
  }
  for (const m of linux?.uidMappings ?? []) words.add('--uid-map', `${m.containerID} ${m.hostID} ${m.size}`);
  for (const m of linux?.gidMappings ?? []) words.add('--gid-map', `${m.containerID} ${m.hostID} ${m.size}`);
}

export function isNew(plan: NamespacePlan, type: NamespaceType): boolean {
  return plan.types.has(type) && plan.types.get(type) === undefined;
}
