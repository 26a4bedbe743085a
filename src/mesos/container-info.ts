// Mesos's ContainerInfo (type MESOS): its volumes and its linux_info
// capabilities, in JSON form.
import { canonicalCapability, sortCapabilities } from './capabilities.js';
import { JsonReader, parseJsonDocument } from './json-fields.js';

export type VolumeMode = 'RW' | 'RO';

export interface Volume {
  container_path: string;
  host_path?: string;
  mode: VolumeMode;
}

/** Mesos's CapabilityInfo: capability names (CHOWN, NET_BIND_SERVICE...). */
export interface CapabilityInfo {
  capabilities: string[];
}

/** Mesos's LinuxInfo, the part linux/capabilities reads. */
export interface LinuxInfo {
  effective_capabilities?: CapabilityInfo;
  bounding_capabilities?: CapabilityInfo;
}

export interface ContainerInfo {
  type: 'MESOS';
  volumes: Volume[];
  linux_info?: LinuxInfo;
}

const reader = new JsonReader('INVALID_CONTAINER_INFO', 'ContainerInfo');

export function parseVolume(value: unknown, field: string): Volume {
  const object = reader.object(value, field);
  const containerPath = reader.optionalString(object.container_path, `${field}.container_path`);
  if (!containerPath) reader.fail(`${field}.container_path`, 'is required');
  const hostPath = reader.optionalString(object.host_path, `${field}.host_path`);
  const mode = object.mode;
  if (mode !== 'RW' && mode !== 'RO') reader.fail(`${field}.mode`, 'must be "RW" or "RO"');
  return { container_path: containerPath!, ...(hostPath !== undefined && { host_path: hostPath }), mode: mode as VolumeMode };
}

function parseCapabilityInfo(value: unknown, field: string): CapabilityInfo | undefined {
  if (value === undefined) return undefined;
  const object = reader.object(value, field);
  const names = reader.optionalArray(object.capabilities, `${field}.capabilities`).map((entry, i) => {
    const written = reader.optionalString(entry, `${field}.capabilities[${i}]`);
    const name = written === undefined ? undefined : canonicalCapability(written);
    if (!name) reader.fail(`${field}.capabilities[${i}]`, `is an unknown capability '${written}' (names as in capabilities(7), e.g. CHOWN)`);
    return name!;
  });
  return { capabilities: sortCapabilities(names) };
}

function parseLinuxInfo(value: unknown): LinuxInfo | undefined {
  if (value === undefined) return undefined;
  const object = reader.object(value, 'linux_info');
  // capability_info is Mesos's older name for the effective set.
  const legacy = parseCapabilityInfo(object.capability_info, 'linux_info.capability_info');
  const effective = parseCapabilityInfo(object.effective_capabilities, 'linux_info.effective_capabilities');
  if (legacy && effective) reader.fail('linux_info', "may have 'capability_info' or 'effective_capabilities', not both");
  const bounding = parseCapabilityInfo(object.bounding_capabilities, 'linux_info.bounding_capabilities');
  const info: LinuxInfo = {};
  if (legacy ?? effective) info.effective_capabilities = (legacy ?? effective)!;
  if (bounding) info.bounding_capabilities = bounding;
  return info;
}

export function parseContainerInfo(input: unknown): ContainerInfo {
  const json = typeof input === 'string' ? parseJsonDocument(input, 'INVALID_CONTAINER_INFO', 'ContainerInfo') : input;
  const object = reader.object(json, '(top level)');
  if (object.type !== 'MESOS') reader.fail('type', `must be "MESOS" (this containerizer runs no ${JSON.stringify(object.type)} containers)`);
  const info: ContainerInfo = { type: 'MESOS', volumes: reader.optionalArray(object.volumes, 'volumes').map((v, i) => parseVolume(v, `volumes[${i}]`)) };
  const linuxInfo = parseLinuxInfo(object.linux_info);
  if (linuxInfo) info.linux_info = linuxInfo;
  return info;
}

/** The CLI shorthand CONTAINER_PATH:HOST_PATH[:ro|rw]. */
export function parseVolumeFlag(flag: string): Volume {
  const parts = flag.split(':');
  const last = parts[parts.length - 1]?.toLowerCase();
  const mode: VolumeMode = last === 'ro' ? 'RO' : 'RW';
  if (last === 'ro' || last === 'rw') parts.pop();
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    reader.fail(`--volume=${flag}`, 'must be CONTAINER_PATH:HOST_PATH[:ro|rw] (use --default_container_info for paths with a colon)');
  }
  return { container_path: parts[0]!, host_path: parts[1]!, mode };
}
