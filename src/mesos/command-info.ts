// Mesos's CommandInfo, in its JSON form.
import { JsonReader, parseJsonDocument } from './json-fields.js';

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

const reader = new JsonReader('INVALID_COMMAND', 'CommandInfo');

function parseVariables(value: unknown): EnvironmentVariable[] {
  if (value === undefined) return [];
  const environment = reader.object(value, 'environment');
  return reader.optionalArray(environment.variables, 'environment.variables').map((entry, i) => {
    const field = `environment.variables[${i}]`;
    const variable = reader.object(entry, field);
    const name = reader.optionalString(variable.name, `${field}.name`);
    const text = reader.optionalString(variable.value, `${field}.value`);
    if (!name) reader.fail(`${field}.name`, 'is required');
    if (name!.includes('=') || name!.includes('\0')) reader.fail(`${field}.name`, "must not contain '=' or NUL");
    if (text === undefined) reader.fail(`${field}.value`, 'is required');
    if (text!.includes('\0')) reader.fail(`${field}.value`, `(variable '${name}') must not contain a NUL byte`);
    return { name: name!, value: text! };
  });
}

function parseUris(value: unknown): CommandUri[] {
  return reader.optionalArray(value, 'uris').map((entry, i) => {
    const field = `uris[${i}]`;
    const uri = reader.object(entry, field);
    const text = reader.optionalString(uri.value, `${field}.value`);
    if (!text) reader.fail(`${field}.value`, 'is required');
    const parsed: CommandUri = { value: text! };
    const executable = reader.optionalBoolean(uri.executable, `${field}.executable`);
    const extract = reader.optionalBoolean(uri.extract, `${field}.extract`);
    const cache = reader.optionalBoolean(uri.cache, `${field}.cache`);
    const outputFile = reader.optionalString(uri.output_file, `${field}.output_file`);
    if (executable !== undefined) parsed.executable = executable;
    if (extract !== undefined) parsed.extract = extract;
    if (cache !== undefined) parsed.cache = cache;
    if (outputFile !== undefined) parsed.output_file = outputFile;
    return parsed;
  });
}

export function parseCommandInfo(input: unknown): CommandInfo {
  const json = typeof input === 'string' ? parseJsonDocument(input, 'INVALID_COMMAND', 'CommandInfo') : input;
  const object = reader.object(json, '(top level)');
  const shell = reader.optionalBoolean(object.shell, 'shell') ?? true;
  const value = reader.optionalString(object.value, 'value');
  const args = reader.optionalArray(object.arguments, 'arguments').map((a, i) => {
    if (typeof a !== 'string') reader.fail(`arguments[${i}]`, 'must be a string');
    return a as string;
  });
  if (!value) reader.fail('value', shell ? 'is required: the shell command is not specified' : 'is required: the executable path is not specified');
  const command: CommandInfo = { value: value!, shell };
  if (args.length > 0) command.arguments = args;
  const variables = parseVariables(object.environment);
  if (variables.length > 0) command.environment = { variables };
  const user = reader.optionalString(object.user, 'user');
  if (user) command.user = user;
  const uris = parseUris(object.uris);
  if (uris.length > 0) command.uris = uris;
  return command;
}

/** The program to exec, the argv[0] it sees, and the rest of its arguments. */
export function commandArgv(command: CommandInfo): { program: string; argv0: string; args: string[] } {
  if (command.shell !== false) return { program: '/bin/sh', argv0: 'sh', args: ['-c', command.value] };
  const [argv0 = command.value, ...args] = command.arguments ?? [];
  return { program: command.value, argv0, args };
}
