// The real host behind the plan's seams (tests give fakes).
import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';

import { cgroupLayout } from './cgroups/layout.js';
import type { HostSeams } from './plan/create-plan.js';

export const linuxHost: HostSeams = {
  isDirectory: (path) => {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
  // lstat: a namespace link of a process we may not inspect still exists (opening it then says why not)
  exists: (path) => {
    try {
      lstatSync(path);
      return true;
    } catch {
      return false;
    }
  },
  readFile: (path) => readFileSync(path, 'utf8'),
  selinuxEnabled: () => existsSync('/sys/fs/selinux/enforce'),
  cgroups: (cgroupsPath, id, file) => cgroupLayout(cgroupsPath, id, file),
};
