// mesos-containerizer: parse, call the Containerizer, print. Hot commands
// take the fast parser; yargs is loaded only for help and unusual lines.
import { messageOf } from '../errors.js';
import { exitCodeFor } from './exit-codes.js';
import { fastParse } from './fast-parse.js';
import type { ParsedArgs } from './spec.js';
import { COMMANDS } from './spec.js';

async function parse(argv: readonly string[]): Promise<{ name: string; args: ParsedArgs } | undefined> {
  const name = argv[0] ?? '';
  const spec = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  const args = spec && !spec.subcommands ? fastParse(spec, argv.slice(1)) : undefined;
  if (args) return { name, args };
  const { yargsParse } = await import('./yargs-cli.js');
  return yargsParse(argv);
}

export async function main(argv: readonly string[]): Promise<number> {
  let command: string | undefined = argv[0];
  try {
    const parsed = await parse(argv);
    if (!parsed) return 0; // help or version was printed
    command = parsed.name;
    const [name, sub] = parsed.name.split(' ');
    const spec = sub ? COMMANDS[name!]!.subcommands![sub]! : COMMANDS[name!]!;
    const module = await spec.load!();
    return await module.run(parsed.args);
  } catch (error) {
    process.stderr.write(`mesos-containerizer: ${messageOf(error)}\n`);
    // The stack is for whoever debugs us, not for every user.
    const debugging = argv.some((a) => /^--log_level=(debug|trace)$/.test(a)) || process.env.MESOS_CONTAINERIZER_DEBUG;
    if (debugging) console.error(error);
    return exitCodeFor(error, command);
  }
}
