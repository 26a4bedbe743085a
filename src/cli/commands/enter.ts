import { shellExitCode } from '../../containerizer/termination.js';
import { containerizerFrom } from '../containerizer-from-args.js';
import type { ParsedArgs } from '../spec.js';

export async function run(args: ParsedArgs): Promise<number> {
  const containerizer = await containerizerFrom(args);
  // The terminal sends INT and QUIT to its whole foreground group, the
  // entered program included: we must not die of them. Others are forwarded.
  process.on('SIGINT', () => undefined);
  process.on('SIGQUIT', () => undefined);
  const entered = await containerizer.enter(args.container_id as string, {
    ...(args['--'] && { argv: args['--'] }),
    ...(typeof args.user === 'string' && { user: args.user }),
  });
  for (const signal of ['SIGTERM', 'SIGHUP', 'SIGUSR1', 'SIGUSR2'] as const) process.on(signal, () => entered.signal(signal));
  return shellExitCode(await entered.exited);
}
