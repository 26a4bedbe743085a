// The full command-line interface, built with yargs from the same spec as the
// fast parser: help, usage errors, and every command line the fast parser
// declined. Loaded only when needed (it costs ~70 ms to import).
import type { Argv } from 'yargs';

import { flagValues } from '../flags/flag-values.js';
import { helpWidth } from '../flags/help-width.js';
import { yargsOption } from '../flags/yargs-option.js';
import type { CommandSpec, ParsedArgs } from './spec.js';
import { COMMANDS } from './spec.js';
import { UsageError } from './usage-error.js';

import { VERSION } from '../version.js';

function configure(y: Argv, name: string, spec: CommandSpec): Argv {
  let out = y.usage(`$0 ${name} [OPTIONS]${spec.rest ? ` -- ${spec.rest}` : ''}\n\n${spec.describe}`);
  for (const [flag, option] of Object.entries(spec.flags)) out = out.option(flag, yargsOption(option));
  for (const [example, what] of spec.examples ?? []) out = out.example(example, what);
  return out;
}

function normalize(spec: CommandSpec, argv: Record<string, unknown>, words = 1): ParsedArgs {
  const args = flagValues(spec.flags, argv);
  const extra = (argv._ as Array<string | number>).slice(words);
  if (extra.length > 0) {
    throw new UsageError(`unexpected argument '${extra[0]}'${spec.rest ? `: put the program after '--' (${spec.rest})` : ''}`);
  }
  const rest = argv['--'] as string[] | undefined;
  if (rest && rest.length > 0) {
    if (!spec.rest) throw new UsageError(`this command takes no program (got '${rest[0]}')`);
    args['--'] = rest.map(String);
  }
  return args;
}

/**
 * Parses argv with yargs. Returns the command and its arguments, or undefined
 * when yargs handled the line itself (help, version).
 */
export async function yargsParse(argv: readonly string[]): Promise<{ name: string; args: ParsedArgs } | undefined> {
  const first = argv[0];
  if (first !== undefined && !first.startsWith('-') && !Object.hasOwn(COMMANDS, first)) {
    throw new UsageError(`unknown command '${first}' (commands: ${Object.keys(COMMANDS).join(', ')})`);
  }
  // yargs is an ES module only: imported, not required, and only for the lines that need it.
  const { default: yargs } = await import('yargs');
  let chosen: { name: string; args: ParsedArgs } | undefined;
  let cli = yargs([...argv])
    .scriptName('mesos-containerizer')
    .parserConfiguration({ 'camel-case-expansion': false, 'dot-notation': false, 'populate--': true, 'duplicate-arguments-array': true })
    .strictOptions()
    .demandCommand(1, 'give a command (see --help)')
    .recommendCommands()
    .version(VERSION)
    .help()
    .wrap(helpWidth())
    .fail((message, error) => {
      throw error ?? new UsageError(message.replace(/\s*\n\s*/g, ' '));
    });
  const register = (y: Argv, name: string, spec: CommandSpec, path: string): Argv =>
    y.command(
      name,
      spec.describe,
      (sub) => {
        if (!spec.subcommands) return configure(sub, path, spec);
        let nested = sub.usage(`$0 ${path} <command>\n\n${spec.describe}`).demandCommand(1, `give a subcommand: ${Object.keys(spec.subcommands).join(', ')}`);
        for (const [subName, subSpec] of Object.entries(spec.subcommands)) nested = register(nested, subName, subSpec, `${path} ${subName}`);
        return nested;
      },
      (parsed) => {
        chosen = { name: path, args: normalize(spec, parsed, path.split(' ').length) };
      },
    );
  for (const [name, spec] of Object.entries(COMMANDS)) cli = register(cli, name, spec, name);
  await cli.parseAsync();
  return chosen;
}
