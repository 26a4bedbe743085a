// runc's flag syntax (urfave/cli): --name value, --name=value, -n value,
// booleans as --name or --name=true|false; flags end at the first
// positional argument (exec's command may hold words that look like flags).
import { UsageError } from '../../cli/usage-error.js';

export interface FlagSpec {
  name: string;
  short?: string;
  takesValue: boolean;
  repeatable?: boolean;
}

export interface ParsedFlags {
  values: Map<string, string[]>;
  booleans: Set<string>;
  positional: string[];
}

function find(specs: readonly FlagSpec[], arg: string): { spec: FlagSpec; inline?: string } | undefined {
  if (arg.startsWith('--')) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const spec = specs.find((s) => s.name === name);
    return spec && (eq < 0 ? { spec } : { spec, inline: arg.slice(eq + 1) });
  }
  const spec = specs.find((s) => s.short === arg[1]);
  if (!spec) return undefined;
  const rest = arg.slice(2);
  return rest ? { spec, inline: rest.startsWith('=') ? rest.slice(1) : rest } : { spec };
}

export function parseFlags(verb: string, args: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const parsed: ParsedFlags = { values: new Map(), booleans: new Set(), positional: [] };
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    const found = find(specs, arg);
    if (!found) throw new UsageError(`${verb}: unknown flag '${arg}'`);
    const { spec, inline } = found;
    if (!spec.takesValue) {
      if (inline === undefined || inline === 'true') parsed.booleans.add(spec.name);
      else if (inline === 'false') parsed.booleans.delete(spec.name);
      else throw new UsageError(`${verb}: flag '--${spec.name}' takes no value`);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`${verb}: flag '--${spec.name}' needs a value`);
    const list = parsed.values.get(spec.name) ?? [];
    if (list.length && !spec.repeatable) throw new UsageError(`${verb}: flag '--${spec.name}' is given twice`);
    parsed.values.set(spec.name, [...list, value]);
  }
  parsed.positional = args.slice(i);
  return parsed;
}

export function one(parsed: ParsedFlags, name: string): string | undefined {
  return parsed.values.get(name)?.[0];
}
