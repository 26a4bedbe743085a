// The real host behind the plan's seams (tests give fakes).
import { existsSync, readFileSync, statSync } from 'node:fs';

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
  exists: (path) => existsSync(path),
  readFile: (path) => readFileSync(path, 'utf8'),
  selinuxEnabled: () => existsSync('/sys/fs/selinux/enforce'),
  cgroups: (cgroupsPath, id, file) => cgroupLayout(cgroupsPath, id, file),
};
