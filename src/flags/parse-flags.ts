// Parsing a daemon's or tool's command line (mesos-master, mesos-execute):
// Mesos-style --name=value flags, declared once as FlagSpecs. A well-formed
// line is read by the fast parser; yargs (~70 ms to load) reads the rest, and
// prints help, the version and what is wrong.
import type { Argv } from 'yargs';

import { UsageError } from '../cli/usage-error.js';
import { VERSION } from '../version.js';
import { fastParse } from './fast-parse.js';
import type { FlagSpec, ParsedArgs } from './flag-spec.js';
import { flagValues } from './flag-values.js';
import { helpWidth } from './help-width.js';
import { yargsOption } from './yargs-option.js';

export interface ProgramSpec {
  name: string;
  usage: string;
  flags: Record<string, FlagSpec>;
  examples?: Array<[string, string]>;
}

/** The flags, or undefined when yargs printed help or the version. */
export async function parseFlags(spec: ProgramSpec, argv: readonly string[]): Promise<ParsedArgs | undefined> {
  return fastParse(spec, argv) ?? yargsParseFlags(spec, argv);
}

/** The same with yargs alone. */
export async function yargsParseFlags(spec: ProgramSpec, argv: readonly string[]): Promise<ParsedArgs | undefined> {
  const { default: yargs } = await import('yargs');
  let parsed: Record<string, unknown> | undefined;
  let cli: Argv = yargs([...argv])
    .scriptName(spec.name)
    .usage(`${spec.name} [OPTIONS]\n\n${spec.usage}`)
    .parserConfiguration({ 'camel-case-expansion': false, 'dot-notation': false, 'duplicate-arguments-array': true })
    .strict()
    .version(VERSION)
    .help()
    .wrap(helpWidth())
    .fail((message, error) => {
      throw error ?? new UsageError(message.replace(/\s*\n\s*/g, ' '));
    });
  for (const [flag, option] of Object.entries(spec.flags)) cli = cli.option(flag, yargsOption(option));
  for (const [example, what] of spec.examples ?? []) cli = cli.example(example, what);
  cli = cli.command('$0', false, () => undefined, (args) => {
    parsed = args;
  });
  await cli.parseAsync();
  if (!parsed) return undefined;
  const args = flagValues(spec.flags, parsed);
  const extra = (parsed._ as unknown[] | undefined) ?? [];
  if (extra.length > 0) throw new UsageError(`unexpected argument '${String(extra[0])}' (flags are --name=value)`);
  return args;
}
