// Mesos's ContainerInfo (type MESOS) and its volumes, in JSON form.
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
