// launch uses the containerizer's launch directly, not the Containerizer
// facade: the CLI's launch bundle then holds only what a launch runs.
import { ContainerizerContext } from '../../containerizer/context.js';
import { finishHandedBack } from '../../containerizer/hand-back.js';
import { handBackFrom } from '../../containerizer/hand-over.js';
import type { LaunchRequest } from '../../containerizer/launch.js';
import { launch } from '../../containerizer/launch.js';
import { requireResourceIsolators, validateResources } from '../../containerizer/resources.js';
import type { CommandInfo } from '../../mesos/command-info.js';
import { parseCommandInfo } from '../../mesos/command-info.js';
import { containerizerOptionsFrom } from '../../flags/containerizer-options.js';
import { parseEnvFlags, readFlagDocument } from '../../flags/flag-document.js';
import { launchInForeground } from '../foreground.js';
import { printJson } from '../output.js';
import type { ParsedArgs } from '../spec.js';
import { UsageError } from '../usage-error.js';

function commandFrom(args: ParsedArgs): CommandInfo {
  const program = args['--'] ?? [];
  if (typeof args.command === 'string') {
    if (program.length > 0) throw new UsageError("give either --command or '-- PROGRAM [ARGS...]', not both");
    return parseCommandInfo(readFlagDocument('command', args.command));
  }
  if (program.length === 0) throw new UsageError("nothing to run: give --command='<CommandInfo JSON>' or '-- PROGRAM [ARGS...]'");
  return { value: program[0]!, shell: false, arguments: program };
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
  // A CLI launch is short-lived: it spawns its stub itself (see ContainerizerOptions.residentLauncher).
  const ctx = new ContainerizerContext({ ...(await containerizerOptionsFrom(args)), residentLauncher: false });
  // The init stub gave this launch back (it failed before its task ran): finish it, report why.
  const handedBack = handBackFrom(process.env);
  if (handedBack) throw await finishHandedBack(ctx, request.containerId, handedBack);
  if (request.resources) requireResourceIsolators(request.resources, ctx.isolation);

  if (args.detach) {
    const launched = await launch(ctx, request);
    printJson({ container_id: launched.containerId, pid: launched.pid, sandbox: launched.sandbox }, false);
    launched.detach();
    return 0;
  }
  return launchInForeground(ctx, request);
}
