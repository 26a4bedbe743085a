// The task's environment. It is built, not inherited: a container must not
// depend on whatever the launching process happened to have set. From the
// caller we keep only PATH and TERM.
import type { CommandInfo } from '../mesos/command-info.js';

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface EnvironmentParts {
  containerId: string;
  sandbox: string;
  command: CommandInfo;
  /** From isolators and hooks, in order. */
  contributed?: Record<string, string>;
  /** Explicit overrides (--env), applied last but for the MESOS_* names below. */
  overrides?: Record<string, string>;
}

export function taskEnvironment(parts: EnvironmentParts): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH || DEFAULT_PATH };
  if (process.env.TERM) env.TERM = process.env.TERM;
  Object.assign(env, parts.contributed);
  for (const { name, value } of parts.command.environment?.variables ?? []) env[name] = value;
  Object.assign(env, parts.overrides);
  env.MESOS_SANDBOX = parts.sandbox;
  env.MESOS_DIRECTORY = parts.sandbox;
  env.MESOS_CONTAINER_ID = parts.containerId;
  return env;
}
