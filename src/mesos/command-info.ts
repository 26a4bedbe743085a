// Mesos's CommandInfo, in its v1 JSON form.
import * as z from 'zod/mini';

import { parseJsonText, parseWith } from './validate.js';

export interface EnvironmentVariable {
  name: string;
  value: string;
}

export interface CommandUri {
  value: string;
  executable?: boolean;
  extract?: boolean;
  cache?: boolean;
  output_file?: string;
}

export interface CommandInfo {
  /** With shell (the default), a shell command line; otherwise the program to exec. */
  value: string;
  shell?: boolean;
  /** Without shell: the program's argv, argv[0] included. */
  arguments?: string[];
  environment?: { variables: EnvironmentVariable[] };
  user?: string;
  uris?: CommandUri[];
}

type RawCommand = Omit<CommandInfo, 'environment' | 'value'> & { value?: string; environment?: { variables: EnvironmentVariable[] } };

function normalize(raw: RawCommand): CommandInfo {
  const command: CommandInfo = { value: raw.value!, shell: raw.shell ?? true };
  if (raw.arguments?.length) command.arguments = raw.arguments;
  const variables = (raw.environment?.variables ?? []).map(({ name, value }) => ({ name, value }));
  if (variables.length > 0) command.environment = { variables };
  if (raw.user) command.user = raw.user;
  if (raw.uris?.length) command.uris = raw.uris;
  return command;
}

/**
 * Built at the first parse, not at import: the CLI's launch imports this
 * module and, given its program after '--', parses no CommandInfo (building
 * zod schemas is most of what zod costs a short-lived process).
 */
function makeSchema() {
  const VariableSchema = z
    .object({
      name: z.string().check(
        z.minLength(1, 'is required'),
        z.refine((name) => !name.includes('=') && !name.includes('\0'), "must not contain '=' or NUL"),
      ),
      // v1's Variable.type: only plain values here, no secrets.
      type: z.optional(z.literal('VALUE')),
      value: z.string(),
    })
    .check(
      z.superRefine((variable, ctx) => {
        // The task's environment goes to the stub as NUL-ended entries: a NUL inside one would cut it.
        if (!variable.value.includes('\0')) return;
        ctx.addIssue({ code: 'custom', path: ['value'], message: `(variable '${variable.name}') must not contain a NUL byte` });
      }),
    );

  const UriSchema = z.object({
    value: z.string().check(z.minLength(1, 'is required')),
    executable: z.optional(z.boolean()),
    extract: z.optional(z.boolean()),
    cache: z.optional(z.boolean()),
    output_file: z.optional(z.string()),
  });

  const RawCommandSchema = z
    .object({
      value: z.optional(z.string()),
      shell: z.optional(z.boolean()),
      arguments: z.optional(z.array(z.string())),
      environment: z.optional(z.object({ variables: z._default(z.array(VariableSchema), []) })),
      user: z.optional(z.string()),
      uris: z.optional(z.array(UriSchema)),
    })
    .check(
      z.superRefine((command, ctx) => {
        if (command.value) return;
        const why = command.shell === false ? 'the executable path is not specified' : 'the shell command is not specified';
        ctx.addIssue({ code: 'custom', path: ['value'], message: `is required: ${why}` });
      }),
    );
  return z.pipe(RawCommandSchema, z.transform(normalize));
}

let schema: ReturnType<typeof makeSchema> | undefined;

/** CommandInfo as it arrives (a TaskInfo's `command`); parses to the normalized form. */
export const commandInfoSchema = (): ReturnType<typeof makeSchema> => (schema ??= makeSchema());

export function parseCommandInfo(input: unknown): CommandInfo {
  const json = typeof input === 'string' ? parseJsonText(input, 'CommandInfo', 'INVALID_COMMAND') : input;
  return parseWith(commandInfoSchema(), json, 'CommandInfo', 'INVALID_COMMAND');
}

/** The program to exec, the argv[0] it sees, and the rest of its arguments. */
export function commandArgv(command: CommandInfo): { program: string; argv0: string; args: string[] } {
  if (command.shell !== false) return { program: '/bin/sh', argv0: 'sh', args: ['-c', command.value] };
  const [argv0 = command.value, ...args] = command.arguments ?? [];
  return { program: command.value, argv0, args };
}
