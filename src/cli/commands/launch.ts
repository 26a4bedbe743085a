import type { LaunchRequest, LaunchedContainer } from '../../containerizer/launch.js';
import { shellExitCode } from '../../containerizer/termination.js';
import { requireResourceIsolators, validateResources } from '../../containerizer/resources.js';
import type { CommandInfo } from '../../mesos/command-info.js';
import { parseCommandInfo } from '../../mesos/command-info.js';
import { containerizerFrom } from '../containerizer-from-args.js';
import { parseEnvFlags, readFlagDocument } from '../../flags/flag-document.js';
import { errorLine } from '../error-output.js';
import { printJson, warn } from '../output.js';
import type { ParsedArgs } from '../spec.js';
import { UsageError } from '../usage-error.js';

const FORWARDED: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

function commandFrom(args: ParsedArgs): CommandInfo {
  const program = args['--'] ?? [];
  if (typeof args.command === 'string') {
    if (program.length > 0) throw new UsageError("give either --command or '-- PROGRAM [ARGS...]', not both");
    return parseCommandInfo(readFlagDocument('command', args.command));
  }
  if (program.length === 0) throw new UsageError("nothing to run: give --command='<CommandInfo JSON>' or '-- PROGRAM [ARGS...]'");
  return { value: program[0]!, shell: false, arguments: program };
}

/** In the foreground, our signals go to the task; one that comes early waits for it. */
function forwardSignals(): (launched: LaunchedContainer) => void {
  const pending: NodeJS.Signals[] = [];
  let target: LaunchedContainer | undefined;
  for (const signal of FORWARDED) process.on(signal, () => (target ? target.signal(signal) : pending.push(signal)));
  return (launched) => {
    target = launched;
    for (const signal of pending.splice(0)) launched.signal(signal);
  };
}

export async function run(args: ParsedArgs): Promise<number> {
  const command = commandFrom(args);
  const uris = (args.uri as string[] | undefined) ?? [];
  if (uris.length > 0) command.uris = [...(command.uris ?? []), ...uris.map((value) => ({ value, extract: true }))];
  const request: LaunchRequest = {
    containerId: args.container_id as string,
    command,
    env: parseEnvFlags(args.env as string[] | undefined),
    stdio: args.detach ? 'sandbox' : 'inherit',
  };
  if (typeof args.user === 'string') request.user = args.user;
  if (args.cpus !== undefined || args.mem !== undefined) {
    request.resources = validateResources({
      ...(args.cpus !== undefined && { cpus: args.cpus as number }),
      ...(args.mem !== undefined && { mem: args.mem as number }),
    });
  }
  if (typeof args.directory === 'string') request.directory = args.directory;
  const containerizer = await containerizerFrom(args);
  if (request.resources) requireResourceIsolators(request.resources, containerizer.isolation);

  if (args.detach) {
    const launched = await containerizer.launch(request);
    printJson({ container_id: launched.containerId, pid: launched.pid, sandbox: launched.sandbox }, false);
    launched.detach();
    return 0;
  }
  const attach = forwardSignals();
  const launched = await containerizer.launch(request);
  attach(launched);
  const end = await launched.exited;
  // The task's status is what launch exits with; a failed cleanup is said beside it.
  if (end.cleanup_error) warn(`container '${end.container_id}' ended, but cleaning up after it failed: ${end.cleanup_error}`);
  if (end.limitation) {
    // The container went past a limit and was (or is now) destroyed for it.
    process.stderr.write(errorLine(`container '${end.container_id}': ${end.limitation.message}`));
    return end.signal !== null ? shellExitCode(end) : 128 + 9;
  }
  return shellExitCode(end);
}
