// The flags' values as yargs parsed them, checked against their specs: one
// word per flag (repeated ones collect only for array flags), numbers finite,
// required ones not empty. Shared by every command line we parse with yargs.
import { UsageError } from '../cli/usage-error.js';
import type { FlagSpec, ParsedArgs } from './flag-spec.js';

export function flagValues(flags: Record<string, FlagSpec>, parsed: Record<string, unknown>): ParsedArgs {
  const args: ParsedArgs = {};
  for (const [name, flag] of Object.entries(flags)) {
    const value = parsed[name];
    if (value === undefined) continue;
    if (flag.type === 'array') args[name] = Array.isArray(value) ? value.map(String) : [String(value)];
    else if (Array.isArray(value)) throw new UsageError(`--${name} was given more than once`);
    else if (flag.type === 'number' && !Number.isFinite(value)) throw new UsageError(`--${name} needs a number`);
    else if (flag.required && value === '') throw new UsageError(`--${name} must not be empty`);
    else args[name] = value;
  }
  return args;
}
