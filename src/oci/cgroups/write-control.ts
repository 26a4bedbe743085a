// One write to a cgroup control file, with an error that names both.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { CgroupError } from '../../cgroups/errors.js';
import { messageOf } from '../../errors.js';

export function writeControl(dir: string, file: string, value: string | number): void {
  const path = join(dir, file);
  try {
    writeFileSync(path, String(value));
  } catch (error) {
    throw new CgroupError('CGROUP_LIMIT_FAILED', path, `cannot write '${value}' to ${path}: ${messageOf(error)}`, { cause: error });
  }
}

export function hasControl(dir: string, file: string): boolean {
  return existsSync(join(dir, file));
}
