// The task's environment as the init stub reads it on its env fd: NAME=VALUE
// entries, each ended by a NUL byte. The stub itself is spawned with an empty
// environment (it runs as root, and ld.so obeys LD_PRELOAD and friends in
// whatever environment a program starts with); these bytes are data to it
// until the task's execve.
import { InvalidInputError } from '../errors.js';

export function encodeEnvironment(env: Record<string, string>): Buffer {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (name === '' || name.includes('=') || name.includes('\0')) {
      throw new InvalidInputError('INVALID_ENVIRONMENT', `invalid environment variable name ${JSON.stringify(name)}: it must be non-empty, without '=' or NUL`);
    }
    if (value.includes('\0')) throw new InvalidInputError('INVALID_ENVIRONMENT', `environment variable '${name}' contains a NUL byte`);
    parts.push(`${name}=${value}\0`);
  }
  return Buffer.from(parts.join(''), 'utf8');
}

/** Entries read back (the run directory keeps a container's for `enter`). */
export function decodeEnvironment(block: Buffer | string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of block.toString().split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}
