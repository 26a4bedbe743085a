// The containerizer's settings from the command line: every command takes them.
import type { ContainerizerOptions } from '../containerizer/options.js';
import type { HierarchyChoice } from '../cgroups/select.js';
import type { LogLevel } from '../log/logger.js';
import { createLogger } from '../log/logger.js';
import type { ContainerInfo, Volume } from '../mesos/container-info.js';
import { parseContainerInfo, parseVolumeFlag } from '../mesos/container-info.js';
import { parseCapabilityFlag } from '../isolators/linux-capabilities/flags.js';
import { readFlagDocument } from './flag-document.js';
import type { ModuleRegistry } from '../modules/registry.js';
import type { ParsedArgs } from './spec.js';

/** The modules --modules names, loaded, verified and created (or the error that stops start-up). */
export async function modulesFrom(args: ParsedArgs): Promise<ModuleRegistry | undefined> {
  if (typeof args.modules !== 'string') return undefined;
  const { readManifest } = await import('../modules/manifest.js');
  const { ModuleRegistry } = await import('../modules/registry.js');
  return ModuleRegistry.load(readManifest(args.modules));
}

/** The containerizer's settings the flags describe. */
export async function optionsFrom(args: ParsedArgs): Promise<ContainerizerOptions> {
  const options: ContainerizerOptions = { logger: createLogger((args.log_level as LogLevel | undefined) ?? 'warn') };
  if (typeof args.runtime_dir === 'string') options.runtimeDir = args.runtime_dir;
  if (typeof args.work_dir === 'string') options.workDir = args.work_dir;
  if (typeof args.isolation === 'string') options.isolation = args.isolation;
  if (typeof args.cgroups_root === 'string') options.cgroupsRoot = args.cgroups_root;
  if (typeof args.cgroups_hierarchy === 'string') options.cgroupsHierarchy = args.cgroups_hierarchy as HierarchyChoice;
  if (args.cgroups_enable_cfs === true) options.cgroupsEnableCfs = true;
  const info = typeof args.default_container_info === 'string' ? parseContainerInfo(readFlagDocument('default_container_info', args.default_container_info)) : undefined;
  const volumes = defaultVolumes(args, info);
  if (volumes) options.defaultVolumes = volumes;
  if (info?.linux_info) options.defaultLinuxInfo = info.linux_info;
  if (typeof args.effective_capabilities === 'string') options.effectiveCapabilities = parseCapabilityFlag('effective_capabilities', args.effective_capabilities);
  if (typeof args.bounding_capabilities === 'string') options.boundingCapabilities = parseCapabilityFlag('bounding_capabilities', args.bounding_capabilities);
  const modules = await modulesFrom(args);
  if (modules) options.modules = modules;
  return options;
}

/** --default_container_info and --volume together replace the default volumes. */
function defaultVolumes(args: ParsedArgs, info: ContainerInfo | undefined): Volume[] | undefined {
  const flags = (args.volume as string[] | undefined) ?? [];
  if (!info && flags.length === 0) return undefined;
  return [...(info?.volumes ?? []), ...flags.map(parseVolumeFlag)];
}
