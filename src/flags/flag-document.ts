// Mesos's rule for JSON flags: a value starting with '/' or 'file://' names
// a file to read; anything else is the JSON itself.
import { readFileSync } from 'node:fs';

import { InvalidInputError, messageOf } from '../errors.js';

export function readFlagDocument(flag: string, value: string): string {
  const path = value.startsWith('file://') ? value.slice('file://'.length) : value.startsWith('/') ? value : undefined;
  if (path === undefined) return value;
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new InvalidInputError('INVALID_FLAG_FILE', `cannot read --${flag} file '${path}': ${messageOf(cause)}`, { cause });
  }
}

export function parseEnvFlags(values: readonly string[] | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of values ?? []) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new InvalidInputError('INVALID_ENV', `invalid --env '${entry}': expected NAME=VALUE`);
    env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}
