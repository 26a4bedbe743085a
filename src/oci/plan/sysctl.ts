// linux.sysctl: only the sysctls that live in a namespace the container
// has of its own (as runc checks), so that none of them changes the host.
import type { OciLinux } from '../schema/config.js';
import { OciConfigError, OciUnsupportedError } from '../errors.js';
import type { NamespacePlan } from './namespaces.js';
import type { PlanWords } from './words.js';

const IPC = new Set(['kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced']);

function namespaceOf(name: string): 'ipc' | 'network' | 'uts' | undefined {
  if (IPC.has(name) || name.startsWith('fs.mqueue.')) return 'ipc';
  if (name.startsWith('net.')) return 'network';
  if (name === 'kernel.hostname' || name === 'kernel.domainname') return 'uts';
  return undefined;
}

export function sysctlWords(linux: OciLinux | undefined, namespaces: NamespacePlan, file: string, words: PlanWords): void {
  for (const [name, value] of Object.entries(linux?.sysctl ?? {})) {
    if (!/^[a-z0-9_]+(\.[a-zA-Z0-9_@:+-]+)+$/.test(name)) throw new OciConfigError(file, `linux.sysctl: '${name}' is not a sysctl name`);
    const ns = namespaceOf(name);
    if (!ns) throw new OciUnsupportedError(file, `linux.sysctl: '${name}' is not in a namespace of the container's own: it would change the host`);
    if (!namespaces.types.has(ns)) throw new OciUnsupportedError(file, `linux.sysctl: '${name}' needs the container's own ${ns} namespace`);
    words.add('--sysctl', name, value);
  }
}
