// A mount's options, as mount(8) words, to what mount(2) takes: flags,
// a propagation change made after the mount, recursive read-only (rro,
// through mount_setattr), and the filesystem's own data ("mode=755").
import { OciUnsupportedError } from '../errors.js';
import { MS } from './linux-constants.js';

export interface MountOptions {
  flags: number;
  propagation: number;
  recursiveReadonly: boolean;
  data: string[];
}

const SETS: Readonly<Record<string, number>> = {
  ro: MS.RDONLY, nosuid: MS.NOSUID, nodev: MS.NODEV, noexec: MS.NOEXEC, sync: MS.SYNCHRONOUS, remount: MS.REMOUNT,
  mand: MS.MANDLOCK, dirsync: MS.DIRSYNC, noatime: MS.NOATIME, nodiratime: MS.NODIRATIME, relatime: MS.RELATIME,
  strictatime: MS.STRICTATIME, lazytime: MS.LAZYTIME, iversion: MS.I_VERSION, silent: MS.SILENT,
  nosymfollow: MS.NOSYMFOLLOW, bind: MS.BIND, rbind: MS.BIND | MS.REC,
};

const CLEARS: Readonly<Record<string, number>> = {
  defaults: 0, rw: MS.RDONLY, suid: MS.NOSUID, dev: MS.NODEV, exec: MS.NOEXEC, async: MS.SYNCHRONOUS, nomand: MS.MANDLOCK,
  atime: MS.NOATIME, diratime: MS.NODIRATIME, norelatime: MS.RELATIME, nostrictatime: MS.STRICTATIME,
  nolazytime: MS.LAZYTIME, noiversion: MS.I_VERSION, loud: MS.SILENT, symfollow: MS.NOSYMFOLLOW,
};

export const PROPAGATIONS: Readonly<Record<string, number>> = {
  private: MS.PRIVATE, rprivate: MS.PRIVATE | MS.REC, shared: MS.SHARED, rshared: MS.SHARED | MS.REC,
  slave: MS.SLAVE, rslave: MS.SLAVE | MS.REC, unbindable: MS.UNBINDABLE, runbindable: MS.UNBINDABLE | MS.REC,
};

export function parseMountOptions(options: readonly string[], file: string, where: string): MountOptions {
  const parsed: MountOptions = { flags: 0, propagation: 0, recursiveReadonly: false, data: [] };
  for (const option of options) {
    if (Object.hasOwn(SETS, option)) parsed.flags |= SETS[option]!;
    else if (Object.hasOwn(CLEARS, option)) parsed.flags &= ~CLEARS[option]!;
    else if (Object.hasOwn(PROPAGATIONS, option)) parsed.propagation = PROPAGATIONS[option]!;
    else if (option === 'rro') parsed.recursiveReadonly = true;
    else if (option === 'rrw') parsed.recursiveReadonly = false;
    else if (option === 'idmap' || option === 'ridmap' || /^r(no)?(suid|dev|exec|atime|diratime|relatime|strictatime|symfollow)$/.test(option))
      throw new OciUnsupportedError(file, `${where}: mount option '${option}' is not supported yet`);
    else if (option !== '') parsed.data.push(option);
  }
  return parsed;
}
