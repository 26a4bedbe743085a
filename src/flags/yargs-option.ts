import type { Options } from 'yargs';

import type { FlagSpec } from './flag-spec.js';

/** A flag declaration as yargs takes it: one word per flag, repeated flags collect into an array. */
export function yargsOption(flag: FlagSpec): Options {
  const option: Options = {
    describe: flag.describe,
    type: flag.type === 'array' ? 'string' : flag.type,
    requiresArg: flag.type !== 'boolean',
  };
  if (flag.default !== undefined) option.default = flag.default;
  if (flag.choices) option.choices = [...flag.choices];
  if (flag.required) option.demandOption = true;
  return option;
}
