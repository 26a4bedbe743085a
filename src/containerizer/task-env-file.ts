// The task's environment, kept in its run-directory entry (mode 0600, only
// root reads it) so that `enter` gives the entered process the same one: the
// container's init runs with an empty environment, so /proc/<init>/environ
// no longer holds it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { errnoCode } from '../errors.js';
import { decodeEnvironment, encodeEnvironment } from '../launcher/env-block.js';
import { writeFileAtomically } from './run-dir/durable-write.js';
import type { RunDirectory } from './run-dir/run-directory.js';

export const taskEnvironmentFile = (runDir: RunDirectory, id: string): string => join(runDir.dir(id), 'env');
const fileOf = taskEnvironmentFile;

export function writeTaskEnvironment(runDir: RunDirectory, id: string, env: Record<string, string>): void {
  // Not fsync'ed: it matters only while the container runs, and a container
  // does not outlive a power cut.
  writeFileAtomically(fileOf(runDir, id), encodeEnvironment(env), { durable: false, what: 'the task environment' });
}

/** undefined for a container launched before the file existed. */
export function readTaskEnvironment(runDir: RunDirectory, id: string): Record<string, string> | undefined {
  try {
    return decodeEnvironment(readFileSync(fileOf(runDir, id)));
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}
