// The error contract: every code this project raises, what it means, and so
// the exit code of each command that meets it (crun's one-page contract is
// the model). The CLI's exit codes come from here (src/cli/exit-codes.ts),
// and so does the README's table (scripts/error-table.ts writes it; a unit
// test fails when either drifts, or when a code is raised but not listed).

/**
 * usage: the command line can never work as given (a flag, its value, a
 * document it names); failure: it could, but did not here and now;
 * not-found / cannot-execute: the program to run.
 */
export type ErrorKind = 'usage' | 'failure' | 'not-found' | 'cannot-execute';

interface ErrorEntry {
  kind: ErrorKind;
  meaning: string;
}

export const ERROR_CODES = {
  // The command line and the documents it names
  USAGE: { kind: 'usage', meaning: 'the command line does not parse: an unknown command or flag, a missing or repeated value, a stray word' },
  INVALID_CONTAINER_ID: { kind: 'usage', meaning: 'a container id that is empty, too long, or not a plain name' },
  INVALID_DIRECTORY: { kind: 'usage', meaning: '--runtime_dir, --work_dir or --directory is not an absolute path' },
  INVALID_ISOLATION: { kind: 'usage', meaning: '--isolation is empty or lists an isolator twice' },
  UNKNOWN_ISOLATOR: { kind: 'usage', meaning: '--isolation names an isolator that is neither built in nor a loaded module' },
  INVALID_CGROUPS_ROOT: { kind: 'usage', meaning: "--cgroups_root is not a relative cgroup path (empty, or with '.' or '..')" },
  INVALID_RESOURCES: { kind: 'usage', meaning: '--cpus or --mem is not a positive number, or is past what the kernel accepts' },
  RESOURCE_NOT_ISOLATED: { kind: 'usage', meaning: '--cpus or --mem was given without the isolator that applies it (cgroups/cpu, cgroups/mem)' },
  INVALID_ENV: { kind: 'usage', meaning: '--env is not NAME=VALUE' },
  INVALID_DURATION: { kind: 'usage', meaning: "--older_than, or a duration flag of mesos-agent, is not a number and a unit (or out of its range)" },
  INVALID_FLAG_FILE: { kind: 'usage', meaning: 'the file a flag names (/path or file://path) cannot be read' },
  INVALID_COMMAND: { kind: 'usage', meaning: '--command is not a valid CommandInfo (JSON, fields, types)' },
  INVALID_CONTAINER_INFO: { kind: 'usage', meaning: '--default_container_info is not a valid ContainerInfo' },
  INVALID_VOLUME: { kind: 'usage', meaning: 'a volume cannot be made as given (its container path, its host path)' },
  INVALID_CAPABILITIES: {
    kind: 'usage',
    meaning: 'linux/capabilities: an unknown capability name, a set beyond --bounding_capabilities, or a capability flag without the isolator',
  },
  INVALID_ENVIRONMENT: { kind: 'usage', meaning: "a task environment variable whose name is empty or holds '=' or NUL, or whose value holds NUL" },
  INVALID_MODULES_MANIFEST: { kind: 'usage', meaning: 'the --modules manifest cannot be read or is not a valid manifest' },

  // Modules (at start-up)
  MODULE_LIBRARY_NOT_FOUND: { kind: 'failure', meaning: 'a library of the manifest is not found' },
  MODULE_LIBRARY_FAILED: { kind: 'failure', meaning: 'a library of the manifest fails to load (a syntax error, a throw at import)' },
  MODULE_NOT_FOUND: { kind: 'failure', meaning: 'a library does not export the module the manifest names' },
  MODULE_DUPLICATE: { kind: 'failure', meaning: 'two libraries declare a module of the same name' },
  MODULE_INVALID: { kind: 'failure', meaning: 'an export is not a module declaration (fields, create())' },
  MODULE_API_MISMATCH: { kind: 'failure', meaning: 'a module was built for another module API version' },
  MODULE_UNKNOWN_KIND: { kind: 'failure', meaning: 'a module is of a kind this project does not know' },
  MODULE_VERSION_INVALID: { kind: 'failure', meaning: "a module's version cannot be parsed" },
  MODULE_TOO_OLD: { kind: 'failure', meaning: 'a module was built for a version older than its kind accepts' },
  MODULE_TOO_NEW: { kind: 'failure', meaning: 'a module was built for a version newer than this project' },
  MODULE_VERSION_MISMATCH: { kind: 'failure', meaning: 'a module without compatible() was built for another version' },
  MODULE_INCOMPATIBLE: { kind: 'failure', meaning: "a module's compatible() says no, or throws" },
  MODULE_CREATE_FAILED: { kind: 'failure', meaning: "a module's create() throws or returns nothing" },
  MODULE_UNKNOWN: { kind: 'failure', meaning: 'a module is asked for by name but is not loaded' },
  MODULE_KIND_MISMATCH: { kind: 'failure', meaning: 'a module is asked for as another kind than it is' },
  HOOK_FAILED: { kind: 'failure', meaning: 'a hook declared required throws' },

  // Containers
  NEEDS_ROOT: { kind: 'failure', meaning: 'launch is run without root' },
  CONTAINER_EXISTS: { kind: 'failure', meaning: 'the container id is taken (its run-directory entry exists)' },
  UNKNOWN_CONTAINER: { kind: 'failure', meaning: 'no container has this id' },
  CONTAINER_NOT_RUNNING: { kind: 'failure', meaning: 'the command needs a running container (enter, update, usage)' },
  NOT_ISOLATED: { kind: 'failure', meaning: 'update of a resource the container was launched without the isolator for' },
  NO_LOGS: { kind: 'failure', meaning: 'the sandbox has no stdout or stderr file (a foreground launch)' },
  FETCH_FAILED: { kind: 'failure', meaning: 'a URI cannot be fetched into the sandbox, or its archive is refused' },
  DESTROY_TIMEOUT: { kind: 'failure', meaning: "the container's processes did not die, or its end was not recorded, within --timeout" },
  DESTROY_FAILED: { kind: 'failure', meaning: "a step of destroy or of the cleanup after an end failed (a cgroup, an isolator's cleanup)" },
  DESTROY_INCOMPLETE: { kind: 'failure', meaning: 'processes of the container (descendants of its init outside its cgroups) are still alive after destroy killed them' },
  CONTAINER_TORN: { kind: 'failure', meaning: "the container's record is missing or damaged: it can be destroyed and forgotten (gc, recover --cleanup), not waited for" },
  CONTAINER_BUSY: { kind: 'failure', meaning: 'another process holds the container\'s lock (a launch, destroy, gc) and did not finish in time' },
  RECORD_WRITE_FAILED: { kind: 'failure', meaning: 'a record of the run directory cannot be written (a full disk, a read-only file system)' },

  // cgroups
  CGROUP_UNAVAILABLE: { kind: 'failure', meaning: 'no cgroup hierarchy the container could be put in is mounted' },
  CGROUP_CONTROLLER_UNAVAILABLE: { kind: 'failure', meaning: 'the cpu or memory controller is not available in the hierarchy asked for' },
  CGROUP_CREATE_FAILED: { kind: 'failure', meaning: "the container's cgroup cannot be created" },
  CGROUP_FROZEN: { kind: 'failure', meaning: "the container's cgroup, or its parent, is frozen" },
  CGROUP_BUSY: { kind: 'failure', meaning: "the container's cgroup already holds processes" },
  CGROUP_LIMIT_FAILED: { kind: 'failure', meaning: 'a limit cannot be written to a cgroup' },
  CGROUP_READ_FAILED: { kind: 'failure', meaning: 'a cgroup file cannot be read' },
  CGROUP_KILL_TIMEOUT: { kind: 'failure', meaning: 'the processes of a cgroup did not die in time' },
  CGROUP_REMOVE_FAILED: { kind: 'failure', meaning: 'a cgroup cannot be removed' },

  // The init stub (launch and enter)
  INIT_STUB_MISSING: { kind: 'failure', meaning: 'the init stub is not built' },
  INIT_STUB_USAGE: { kind: 'failure', meaning: 'the init stub refused its command line (a bug of ours)' },
  USER_NOT_FOUND: { kind: 'failure', meaning: 'the user to run the task as does not exist' },
  USER_SWITCH_FAILED: { kind: 'failure', meaning: 'the switch to the user failed' },
  NAMESPACE_FAILED: { kind: 'failure', meaning: 'a namespace cannot be created' },
  MOUNT_FAILED: { kind: 'failure', meaning: 'a mount inside the container failed' },
  CGROUP_JOIN_FAILED: { kind: 'failure', meaning: 'the init cannot join a cgroup of the container' },
  OOM_WATCH_FAILED: { kind: 'failure', meaning: "the init stub cannot watch the container's memory cgroup for OOM kills" },
  CHDIR_FAILED: { kind: 'failure', meaning: 'the task cannot enter its working directory' },
  CAPABILITIES_FAILED: { kind: 'failure', meaning: "the task's capabilities or no_new_privs cannot be set" },
  LAUNCH_ABORTED: { kind: 'failure', meaning: "the launch stopped before its task was released: a destroy, the caller's AbortSignal, or its launcher went away" },
  LAUNCH_FAILED: { kind: 'failure', meaning: 'the init stub failed otherwise, or died before the task started' },
  EXEC_NOT_FOUND: { kind: 'not-found', meaning: 'the program to run does not exist' },
  EXEC_FAILED: { kind: 'cannot-execute', meaning: 'the program to run exists but cannot be executed' },

  // mesos-agent (it exits as "the others" do) and the agent<->master wire
  INVALID_MASTER: { kind: 'usage', meaning: "mesos-agent's --master is not HOST:PORT" },
  INVALID_PORT: { kind: 'usage', meaning: "mesos-agent's --port is not a port number (1 to 65535)" },
  INVALID_GC_DISK_HEADROOM: { kind: 'usage', meaning: "mesos-agent's --gc_disk_headroom is not a number from 0 to 1" },
  INVALID_ID: { kind: 'usage', meaning: 'an agent, framework, executor or task id that cannot be a directory name (empty, a slash, a control character, . or ..)' },
  INVALID_TASK: { kind: 'usage', meaning: 'a TaskInfo in RUN_TASK does not parse: the task ends TASK_ERROR (REASON_TASK_INVALID), naming the field' },
  INVALID_FRAMEWORK: { kind: 'usage', meaning: 'a FrameworkInfo in RUN_TASK does not parse: the task ends TASK_ERROR (REASON_TASK_INVALID), naming the field' },
  INVALID_MESSAGE: { kind: 'usage', meaning: 'a message on the agent<->master wire does not parse (its sender gets HTTP 400 naming the field)' },
  PEER_UNREACHABLE: { kind: 'failure', meaning: 'the master (or agent) cannot be reached, or its answer broke off: the message is sent again' },
  PEER_REJECTED: { kind: 'failure', meaning: 'the master (or agent) answered a message with an error status' },
  CHECKPOINT_UNREADABLE: { kind: 'failure', meaning: "the agent's checkpoint cannot be read or does not parse (mesos-agent refuses to start; with --strict=false the piece is skipped and counted)" },
  CHECKPOINT_WRITE_FAILED: { kind: 'failure', meaning: "the agent's checkpoint cannot be written (a full disk, a read-only file system)" },
  GC_REMOVAL_FAILED: {
    kind: 'failure',
    meaning: "the agent's garbage collector cannot remove an ended task's directory (a mount in it, a live task using it, a file system error): logged, counted in gc/path_removals_failed, and the agent goes on",
  },
  CHECKPOINT_INCOMPATIBLE: {
    kind: 'failure',
    meaning: 'the checkpointed agent had another hostname, port or resources: mesos-agent starts only with the old ones, or as a new agent once the latest link is removed',
  },

  // mesos-master, the v1 scheduler API, its client and mesos-execute
  INVALID_CALL: { kind: 'usage', meaning: 'a body sent to /api/v1/scheduler is not JSON or not a valid v1 Call (the framework gets HTTP 400 naming the field)' },
  REGISTRY_UNREADABLE: { kind: 'failure', meaning: "the master's registry (<work_dir>/registry.json) cannot be read or does not parse: mesos-master refuses to start" },
  REGISTRY_WRITE_FAILED: { kind: 'failure', meaning: "the master's registry cannot be written: what it was to record did not happen, and the master stops" },
  LISTEN_FAILED: { kind: 'failure', meaning: 'mesos-master cannot listen on --ip:--port (in use, or not an address of this host)' },
  BAD_MASTER_ADDRESS: { kind: 'usage', meaning: "mesos-execute's --master (or a SchedulerClient's master) is not HOST:PORT" },
  MASTER_UNREACHABLE: { kind: 'failure', meaning: 'the scheduler client cannot reach the master, or its answer broke off' },
  SUBSCRIBE_REFUSED: { kind: 'failure', meaning: 'the master answered SUBSCRIBE with an error status (its message says why)' },
  CALL_REFUSED: { kind: 'failure', meaning: 'the master answered a scheduler call with something other than 202 (its status and message are in the error)' },
  NOT_SUBSCRIBED: { kind: 'failure', meaning: 'a scheduler call was made while the client had no subscription' },
  FRAMEWORK_ERROR: { kind: 'failure', meaning: 'the master sent an ERROR event (the framework was removed, or failed over): the client ends' },
  TIMEOUT: { kind: 'failure', meaning: 'the scheduler client waited for an answer or an event past its deadline' },
  CLOSED: { kind: 'failure', meaning: "the scheduler client's subscription ended (closed, broken, or its stream malformed)" },
  RECORDIO_MALFORMED: { kind: 'failure', meaning: 'an event stream is not RecordIO (a record length that is not a number)' },

  // The OCI runtime (mesos-containerizer-oci: every failure exits 1, as runc)
  OCI_INVALID_CONFIG: { kind: 'usage', meaning: "config.json, an exec's process or update's resources is not valid JSON or not what the runtime spec says" },
  OCI_UNSUPPORTED_CONFIG: { kind: 'usage', meaning: 'a valid value of config.json this runtime cannot apply (yet, or on this host)' },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Commands whose exit codes differ: launch and enter exit with their program's status otherwise. */
export type CommandFamily = 'launch' | 'enter' | 'other';

export const EXIT_CODES: Record<CommandFamily, Record<ErrorKind, number>> = {
  // Docker's and Podman's convention for a command whose own exit code is the task's.
  launch: { usage: 125, failure: 125, 'not-found': 127, 'cannot-execute': 126 },
  enter: { usage: 2, failure: 1, 'not-found': 127, 'cannot-execute': 126 },
  other: { usage: 2, failure: 1, 'not-found': 1, 'cannot-execute': 1 },
};

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

export function commandFamily(command: string | undefined): CommandFamily {
  return command === 'launch' || command === 'enter' ? command : 'other';
}

/** A code not ours (an errno from Node, none at all) is a failure. */
export function exitCodeOf(code: unknown, command: string | undefined): number {
  const kind: ErrorKind = isErrorCode(code) ? ERROR_CODES[code].kind : 'failure';
  return EXIT_CODES[commandFamily(command)][kind];
}
