// Every command and flag of mesos-containerizer, declared once. Both parsers
// read this: the fast one for the hot commands agents call, and yargs for
// help, errors and everything else. The containerizer's own settings
// (src/flags/containerizer-flags.ts) go with every command.
import { DEFAULTS } from '../containerizer/options.js';
import { CONTAINERIZER_FLAGS } from '../flags/containerizer-flags.js';
import type { FlagSpec, ParsedArgs } from '../flags/flag-spec.js';

export type { FlagSpec, FlagType, ParsedArgs } from '../flags/flag-spec.js';

export interface CommandModule {
  run(args: ParsedArgs): Promise<number>;
}

export interface CommandSpec {
  describe: string;
  flags: Record<string, FlagSpec>;
  /** A command made of subcommands (`modules list`): no flags or load of its own. */
  subcommands?: Record<string, CommandSpec>;
  /** Takes `-- PROGRAM [ARGS...]`. */
  rest?: string;
  examples?: Array<[string, string]>;
  load?(): Promise<CommandModule>;
}

const common = CONTAINERIZER_FLAGS;
const containerId: FlagSpec = { type: 'string', describe: 'the container', required: true };
const json: FlagSpec = { type: 'boolean', describe: 'print JSON instead of a table', default: false };

export const COMMANDS: Record<string, CommandSpec> = {
  launch: {
    describe: 'Launch a command in a new container',
    rest: 'PROGRAM [ARGS...]',
    flags: {
      container_id: containerId,
      command: { type: 'string', describe: "Mesos CommandInfo JSON (inline, /path or file://path), instead of '-- PROGRAM'" },
      directory: { type: 'string', describe: 'the sandbox itself (overrides --work_dir)' },
      env: { type: 'array', describe: 'NAME=VALUE added to the task environment (repeatable)' },
      user: { type: 'string', describe: 'run the task as this user' },
      cpus: { type: 'number', describe: 'CPU share (cgroups/cpu), e.g. 0.5' },
      mem: { type: 'number', describe: 'memory limit in MB (cgroups/mem)' },
      uri: { type: 'array', describe: 'fetch this into the sandbox first (path, file:// or http(s)://; archives are extracted); repeatable' },
      detach: { type: 'boolean', describe: 'return once the task runs; output goes to the sandbox', default: false },
      ...common,
    },
    examples: [
      ['$0 launch --container_id=demo -- ps -ef', 'ps sees only the container'],
      ['$0 launch --container_id=web --detach --command=\'{"value":"python3 -m http.server"}\'', 'run in the background'],
    ],
    load: () => import('./commands/launch.js'),
  },
  wait: {
    describe: 'Wait for a container to end; print its exit code and signal',
    flags: { container_id: containerId, ...common },
    load: () => import('./commands/wait.js'),
  },
  destroy: {
    describe: 'Kill every process of a container and clean up after it',
    flags: {
      container_id: containerId,
      timeout: { type: 'number', describe: 'give up after SECONDS, naming what would not die', default: DEFAULTS.destroyTimeoutSeconds },
      ...common,
    },
    load: () => import('./commands/destroy.js'),
  },
  recover: {
    describe: 'Report containers that ended unwatched, orphan cgroups and mounts; --cleanup removes them',
    flags: {
      cleanup: { type: 'boolean', describe: 'destroy orphans and clean up after ended containers', default: false },
      timeout: { type: 'number', describe: 'give up on an orphan after SECONDS', default: DEFAULTS.destroyTimeoutSeconds },
      ...common,
    },
    load: () => import('./commands/recover.js'),
  },
  enter: {
    describe: "Run a program (default: a shell) inside a running container: its pid and mount namespaces, cgroup, sandbox, environment",
    rest: 'PROGRAM [ARGS...]',
    flags: {
      container_id: containerId,
      user: { type: 'string', describe: "run as this user (default: the container's)" },
      ...common,
    },
    examples: [['$0 enter --container_id=web', 'an interactive shell inside'], ['$0 enter --container_id=web -- ps -ef', "the container's processes, as it sees them"]],
    load: () => import('./commands/enter.js'),
  },
  update: {
    describe: "Change a running container's cpus and memory limit (cgroups/cpu, cgroups/mem)",
    flags: {
      container_id: containerId,
      cpus: { type: 'number', describe: 'new CPU share' },
      mem: { type: 'number', describe: 'new memory limit in MB' },
      ...common,
    },
    load: () => import('./commands/update.js'),
  },
  logs: {
    describe: "Print a container's stdout or stderr from its sandbox",
    flags: {
      container_id: containerId,
      stream: { type: 'string', describe: 'which output', default: 'stdout', choices: ['stdout', 'stderr'] },
      follow: { type: 'boolean', describe: 'keep printing as it grows, until the container ends', default: false },
      tail: { type: 'number', describe: 'only the last N lines' },
      ...common,
    },
    load: () => import('./commands/logs.js'),
  },
  usage: {
    describe: "A container's CPU time, memory, processes and threads (Mesos's ResourceStatistics)",
    flags: { container_id: containerId, json, ...common },
    load: () => import('./commands/usage.js'),
  },
  archive: {
    describe: "A .tar.gz of a container's sandbox and recorded state, for a bug report",
    flags: {
      container_id: containerId,
      output: { type: 'string', describe: 'write to FILE (default: stdout, if it is not a terminal)' },
      ...common,
    },
    load: () => import('./commands/archive.js'),
  },
  gc: {
    describe: 'Remove the sandboxes and run-directory entries of ended containers',
    flags: {
      older_than: { type: 'string', describe: 'only those ended at least this long ago (e.g. 1h, 7d, 1weeks)', default: '0s' },
      container_id: { type: 'string', describe: 'only this one (it must have ended)' },
      ...common,
    },
    load: () => import('./commands/gc.js'),
  },
  modules: {
    describe: 'Inspect a --modules manifest',
    flags: {},
    subcommands: {
      list: {
        describe: 'Each library and module: kind, versions, description, and whether it loads',
        flags: { json, ...common },
        load: () => import('./commands/modules-list.js'),
      },
      check: {
        describe: 'Exit 0 if every module of --modules loads, else name the first that does not',
        flags: { ...common },
        load: () => import('./commands/modules-check.js'),
      },
    },
  },
  status: {
    describe: "Show a container's state as JSON",
    flags: { container_id: containerId, ...common },
    load: () => import('./commands/status.js'),
  },
  list: {
    describe: 'List containers',
    flags: { json, ...common },
    load: () => import('./commands/list.js'),
  },
  ps: {
    describe: "List a container's processes",
    flags: { container_id: containerId, json, ...common },
    load: () => import('./commands/ps.js'),
  },
};
