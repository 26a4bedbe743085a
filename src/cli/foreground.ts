// launch in the foreground: the task shares our stdin, stdout and stderr, and
// launch exits with its status. Our signals go to the task; one that comes
// before the task runs waits for it. Most launches hand over to the init
// stub (exec-stub.ts), which does that from then on, without Node; one whose
// isolators or hooks need this process after the init exists is followed
// from here to its end.
import type { ContainerizerContext } from '../containerizer/context.js';
import type { LaunchRequest, LaunchedContainer } from '../containerizer/launch.js';
import { launchOrHandOver } from '../containerizer/launch.js';
import { shellExitCode } from '../containerizer/termination.js';
import { errorLine } from './error-output.js';
import { FORWARDED, execStub } from './exec-stub.js';
import { warn } from './output.js';
import { writeAll } from './write-all.js';

class SignalForwarding {
  readonly pending: NodeJS.Signals[] = [];
  private target: LaunchedContainer | undefined;

  constructor() {
    for (const signal of FORWARDED) process.on(signal, () => (this.target ? this.target.signal(signal) : this.pending.push(signal)));
  }

  attach(launched: LaunchedContainer): void {
    this.target = launched;
    for (const signal of this.pending.splice(0)) launched.signal(signal);
  }
}

/** What this process is to run again should the stub hand the launch back. */
function ourCommandLine(): string[] {
  return [process.execPath, ...process.execArgv, process.argv[1]!, ...process.argv.slice(2)];
}

export async function launchInForeground(ctx: ContainerizerContext, request: LaunchRequest): Promise<number> {
  const forwarding = new SignalForwarding();
  const outcome = await launchOrHandOver(ctx, request, { handBack: { argv: ourCommandLine(), env: process.env } });
  if ('program' in outcome) {
    try {
      execStub(outcome, forwarding.pending);
    } catch (error) {
      return outcome.abandon(error);
    }
  }
  const launched = outcome;
  forwarding.attach(launched);
  const end = await launched.exited;
  // The task's status is what launch exits with; a failed cleanup is said beside it.
  if (end.cleanup_error) warn(`container '${end.container_id}' ended, but cleaning up after it failed: ${end.cleanup_error}`);
  if (end.limitation) {
    // The container went past a limit and was (or is now) destroyed for it.
    writeAll(2, errorLine(`container '${end.container_id}': ${end.limitation.message}`));
    return end.signal !== null ? shellExitCode(end) : 128 + 9;
  }
  return shellExitCode(end);
}
