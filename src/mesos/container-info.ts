// Mesos's ContainerInfo (type MESOS) and its volumes, in JSON form.
import { JsonReader, parseJsonDocument } from './json-fields.js';

export type VolumeMode = 'RW' | 'RO';

export interface Volume {
  container_path: string;
  host_path?: string;
  mode: VolumeMode;
}

export interface ContainerInfo {
  type: 'MESOS';
  volumes: Volume[];
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

export function parseContainerInfo(input: unknown): ContainerInfo {
  const json = typeof input === 'string' ? parseJsonDocument(input, 'INVALID_CONTAINER_INFO', 'ContainerInfo') : input;
  const object = reader.object(json, '(top level)');
  if (object.type !== 'MESOS') reader.fail('type', `must be "MESOS" (this containerizer runs no ${JSON.stringify(object.type)} containers)`);
  return { type: 'MESOS', volumes: reader.optionalArray(object.volumes, 'volumes').map((v, i) => parseVolume(v, `volumes[${i}]`)) };
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
