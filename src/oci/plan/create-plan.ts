// config.json to what create needs: the plan words for the C side, the
// state record, the hooks file, the cgroup layout and resources. Pure: the
// host is reached only through the seams given (files, cgroup mounts).
import { posix, resolve } from 'node:path';

import type { CgroupLayout } from '../cgroups/layout.js';
import { cgroupLayout } from '../cgroups/layout.js';
import type { OciConfig } from '../schema/config.js';
import type { OciResources } from '../schema/resources.js';
import { OciConfigError, OciUnsupportedError } from '../errors.js';
import type { StateRecord } from '../state-record.js';
import { deviceWords } from './devices.js';
import { hookPlanWords, recordedHooks } from './hooks.js';
import { mountWords } from './mounts.js';
import { PROPAGATIONS } from './mount-options.js';
import { isNew, namespacePlan, namespaceWords } from './namespaces.js';
import { processWords, programWords } from './process.js';
import { sysctlWords } from './sysctl.js';
import { PlanWords } from './words.js';

export interface HostSeams {
  isDirectory(path: string): boolean;
  exists(path: string): boolean;
  readFile(path: string): string;
  selinuxEnabled(): boolean;
  cgroups(cgroupsPath: string | undefined, id: string, file: string): CgroupLayout;
}

export interface CreatePlan {
  words: PlanWords;
  record: StateRecord;
  hooks: Buffer | undefined;
  resources: OciResources | undefined;
  warnings: string[];
}

function rootfsOf(config: OciConfig, bundle: string, file: string, host: HostSeams): string {
  if (!config.root) throw new OciConfigError(file, 'root: missing (the rootfs to run in)');
  const rootfs = resolve(bundle, config.root.path);
  if (!host.isDirectory(rootfs)) throw new OciConfigError(file, `root.path: ${rootfs} is not a directory`);
  return rootfs;
}

function checkLinux(config: OciConfig, file: string, host: HostSeams, warnings: string[]): void {
  const linux = config.linux;
  if (linux?.seccomp !== undefined) warnings.push(`${file}: linux.seccomp: the seccomp profile is accepted but not applied (not supported yet)`);
  if (config.process?.selinuxLabel || linux?.mountLabel) {
    if (host.selinuxEnabled()) throw new OciUnsupportedError(file, 'SELinux labels are not supported yet');
  }
  if (linux?.intelRdt !== undefined) throw new OciUnsupportedError(file, 'linux.intelRdt is not supported');
  if (linux?.personality !== undefined) throw new OciUnsupportedError(file, 'linux.personality is not supported yet');
}

export function createPlan(id: string, bundle: string, config: OciConfig, file: string, host: HostSeams, now = new Date()): CreatePlan {
  const warnings: string[] = [];
  if (!config.process) throw new OciConfigError(file, 'process: missing (what to run)');
  const rootfs = rootfsOf(config, bundle, file, host);
  checkLinux(config, file, host, warnings);
  const linux = config.linux;
  const namespaces = namespacePlan(linux, file, host.exists);
  if ((config.hostname || config.domainname) && !isNew(namespaces, 'uts') && !namespaces.types.has('uts'))
    throw new OciConfigError(file, 'hostname/domainname: they need the container\'s own uts namespace');
  const cgroups = host.cgroups(linux?.cgroupsPath, id, file);
  const words = new PlanWords(file);
  const v2 = cgroups.dirs.find((d) => d.version === 2);
  if (v2) words.add('--clone-cgroup', v2.path);
  for (const d of cgroups.dirs) if (d.version === 1) words.add('--cgroup', d.path);
  namespaceWords(namespaces, linux, words);
  words.add('--rootfs', rootfs);
  if (config.root?.readonly && namespaces.types.has('mount')) words.add('--readonly-rootfs');
  if (linux?.rootfsPropagation) {
    const flags = PROPAGATIONS[linux.rootfsPropagation];
    if (flags === undefined) throw new OciConfigError(file, `linux.rootfsPropagation: '${linux.rootfsPropagation}' is not a propagation (private, rslave, rshared, ...)`);
    words.add('--rootfs-propagation', flags);
  }
  if (namespaces.types.has('mount')) {
    mountWords(config.mounts ?? [], { file, bundle, cgroups }, words);
    deviceWords(linux?.devices ?? [], config.mounts ?? [], file, words, host.exists('/proc/kcore'));
    for (const path of linux?.maskedPaths ?? []) words.add('--masked', posix.resolve('/', path));
    for (const path of linux?.readonlyPaths ?? []) words.add('--readonly', posix.resolve('/', path));
  } else {
    const skipped = [
      config.mounts?.length && 'mounts',
      linux?.devices?.length && 'linux.devices',
      linux?.maskedPaths?.length && 'linux.maskedPaths',
      linux?.readonlyPaths?.length && 'linux.readonlyPaths',
      config.root?.readonly && 'root.readonly',
    ].filter(Boolean);
    if (skipped.length) warnings.push(`${file}: no mount namespace: ${skipped.join(', ')} not applied (they would change the host's mounts)`);
  }
  sysctlWords(linux, namespaces, file, words);
  if (config.hostname) words.add('--hostname', config.hostname);
  if (config.domainname) words.add('--domainname', config.domainname);
  hookPlanWords(config.hooks, file, words);
  processWords(config.process, words, { file, field: 'process', readFile: host.readFile, warn: (w) => warnings.push(w) });
  programWords(config.process, words);
  return {
    words,
    hooks: recordedHooks(config.hooks, file),
    resources: linux?.resources,
    warnings,
    record: {
      ociVersion: config.ociVersion,
      id,
      bundle,
      rootfs,
      created: now.toISOString(),
      ...(config.annotations && { annotations: config.annotations }),
      ownPidNamespace: isNew(namespaces, 'pid'),
      cgroups,
    },
  };
}

export { cgroupLayout };
