// A parser for well-formed command lines (--name=value, --name value,
// --flag, --no-flag, repeated array flags, -- PROGRAM...), as agents send them
// to mesos-containerizer and people start the daemons and mesos-execute.
// yargs costs ~70 ms to load, more than a whole container launch; this costs
// nothing. Anything it does not fully understand (help, unknown, missing or
// repeated flags, bad values) returns undefined, and yargs parses the line
// instead, so users still get yargs's help and messages. Tests hold the two
// to the same results.
import type { FlagSpec, ParsedArgs } from './flag-spec.js';

/** What the parser needs of a command: its flags, and whether it takes `-- PROGRAM`. */
export interface FastParseSpec {
  flags: Record<string, FlagSpec>;
  rest?: string;
}

function convert(flag: FlagSpec, raw: string): unknown {
  if (flag.type === 'number') {
    const n = Number(raw);
    return raw.trim() !== '' && Number.isFinite(n) ? n : undefined;
  }
  if (flag.type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : undefined;
  if (flag.choices && !flag.choices.includes(raw)) return undefined;
  return raw;
}

export function fastParse(spec: FastParseSpec, argv: readonly string[]): ParsedArgs | undefined {
  const args: ParsedArgs = {};
  const given = new Set<string>();
  for (const [name, flag] of Object.entries(spec.flags)) {
    if (flag.default !== undefined) args[name] = flag.default;
  }
  let i = 0;
  for (; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      if (!spec.rest) return undefined;
      args['--'] = argv.slice(i + 1);
      break;
    }
    if (!word.startsWith('--') || word.length === 2) return undefined;
    const eq = word.indexOf('=');
    let name = eq < 0 ? word.slice(2) : word.slice(2, eq);
    let raw: string | undefined = eq < 0 ? undefined : word.slice(eq + 1);
    let flag = spec.flags[name];
    if (!flag && name.startsWith('no-') && raw === undefined && spec.flags[name.slice(3)]?.type === 'boolean') {
      name = name.slice(3);
      flag = spec.flags[name];
      raw = 'false';
    }
    if (!flag) return undefined;
    // yargs says which flag was repeated (only array flags collect).
    if (given.has(name) && flag.type !== 'array') return undefined;
    given.add(name);
    if (raw === undefined) {
      if (flag.type === 'boolean') raw = 'true';
      else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) raw = argv[++i]!;
      else return undefined;
    }
    const value = convert(flag, raw);
    if (value === undefined) return undefined;
    if (flag.type === 'array') args[name] = [...((args[name] as string[] | undefined) ?? []), value];
    else args[name] = value;
  }
  for (const [name, flag] of Object.entries(spec.flags)) {
    if (flag.required && (args[name] === undefined || args[name] === '')) return undefined;
  }
  return args;
}
