// mesos-agent's command line: a well-formed one is read by the fast parser,
// yargs (~70 ms to load) reads the rest (help, version, unknown, missing or
// bad flags).
import { ContainerizerError } from '../../errors.js';
import { fastParse } from '../../flags/fast-parse.js';
import type { ParsedArgs } from '../../flags/flag-spec.js';
import { helpWidth } from '../../flags/help-width.js';
import { yargsOption } from '../../flags/yargs-option.js';
import { VERSION } from '../../version.js';
import { AGENT_FLAGS } from './flags.js';

/** A command line that does not parse (exit 2). */
export class AgentUsageError extends ContainerizerError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** The flags. (--help and --version print and exit.) */
export async function parseAgentArgs(argv: readonly string[]): Promise<ParsedArgs> {
  return fastParse({ flags: AGENT_FLAGS }, argv) ?? yargsParseAgentArgs(argv);
}

/** The same with yargs alone. */
export async function yargsParseAgentArgs(argv: readonly string[]): Promise<ParsedArgs> {
  const { default: yargs } = await import('yargs');
  let cli = yargs([...argv])
    .scriptName('mesos-agent')
    .usage('$0 --master=HOST:PORT --work_dir=DIR [OPTIONS]\n\nRuns the tasks its master sends in containers, and reports how they go.')
    .parserConfiguration({ 'camel-case-expansion': false, 'dot-notation': false, 'duplicate-arguments-array': false })
    .strict()
    .version(VERSION)
    .help()
    .wrap(helpWidth())
    .fail((message, error) => {
      throw error ?? new AgentUsageError(message.replace(/\s*\n\s*/g, ' '));
    });
  for (const [name, flag] of Object.entries(AGENT_FLAGS)) cli = cli.option(name, yargsOption(flag));
  const parsed = await cli.parseAsync();
  const extra = (parsed._ as unknown[]).map(String);
  if (extra.length > 0) throw new AgentUsageError(`unexpected argument '${extra[0]}' (flags are --name=value)`);
  const args: ParsedArgs = {};
  for (const name of Object.keys(AGENT_FLAGS)) if (parsed[name] !== undefined) args[name] = parsed[name];
  return args;
}
