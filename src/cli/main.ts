// mesos-containerizer: parse, call the Containerizer, print. Hot commands
// take the fast parser; yargs is loaded only for help and unusual lines.
import { fastParse } from '../flags/fast-parse.js';
import { validateContainerId } from '../mesos/container-id.js';
import { debugRequested, errorDetail, errorLine } from './error-output.js';
import { exitCodeFor } from './exit-codes.js';
import { setBeforeExec } from './exec-stub.js';
import type { ParsedArgs } from './spec.js';
import { COMMANDS } from './spec.js';
import { writeAll } from './write-all.js';

async function parse(argv: readonly string[]): Promise<{ name: string; args: ParsedArgs } | undefined> {
  const name = argv[0] ?? '';
  const spec = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  const args = spec && !spec.subcommands ? fastParse(spec, argv.slice(1)) : undefined;
  if (args) return { name, args };
  const { yargsParse } = await import('./yargs-cli.js');
  return yargsParse(argv);
}

export interface CliHooks {
  /** Runs right before this process execs another program (a foreground launch's hand-over). */
  beforeExec?: () => void;
}

export async function main(argv: readonly string[], hooks: CliHooks = {}): Promise<number> {
  if (hooks.beforeExec) setBeforeExec(hooks.beforeExec);
  let command: string | undefined = argv[0];
  try {
    const parsed = await parse(argv);
    if (!parsed) return 0; // help or version was printed
    command = parsed.name;
    // Every command names containers by id: the same rules as launch's, before the id is used as a path.
    if (typeof parsed.args.container_id === 'string') validateContainerId(parsed.args.container_id);
    const [name, sub] = parsed.name.split(' ');
    const spec = sub ? COMMANDS[name!]!.subcommands![sub]! : COMMANDS[name!]!;
    const module = await spec.load!();
    return await module.run(parsed.args);
  } catch (error) {
    writeAll(2, errorLine(error));
    if (debugRequested(argv)) writeAll(2, errorDetail(error));
    return exitCodeFor(error, command);
  }
}
