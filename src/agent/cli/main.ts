// mesos-agent: parse the flags, check the machine, listen, recover, register,
// and run until told to stop. Every failure to start is one line; the exit
// code comes from the error contract (2 for a bad command line, else 1).
import type { Server } from 'node:http';

import { exitCodeOf } from '../../error-codes.js';
import { errnoCode, messageOf } from '../../errors.js';
import { Agent } from '../agent.js';
import { createAgentServer } from '../http/server.js';
import { agentConfigFrom } from './config.js';
import { parseAgentArgs } from './parse-args.js';

function listen(server: Server, ip: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(new Error(`cannot listen on ${ip}:${port}: ${errnoCode(error) ?? messageOf(error)}`, { cause: error })));
    server.listen(port, ip, () => resolve());
  });
}

/** Resolves with the exit code once the agent has stopped. */
export async function main(argv: readonly string[]): Promise<number> {
  let stopped: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (stopped = resolve));
  let agent: Agent | undefined;
  let server: Server | undefined;
  const stop = async (code: number): Promise<void> => {
    await agent?.stop().catch(() => undefined);
    server?.close();
    server?.closeAllConnections();
    stopped(code);
  };
  try {
    const config = await agentConfigFrom(await parseAgentArgs(argv));
    agent = new Agent(config, config.containerizer.modules?.ofKind('Hook') ?? [], (code) => void stop(code));
    agent.containers.preflight();
    server = createAgentServer(agent);
    await listen(server, config.ip, config.port);
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        agent!.logger.info({ signal }, 'stopping: tasks of frameworks with checkpointing keep running');
        void stop(0);
      });
    }
    await agent.start();
    agent.logger.info({ ip: config.ip, port: config.port, agent: agent.agentId }, 'agent started');
  } catch (error) {
    process.stderr.write(`mesos-agent: ${messageOf(error)}\n`);
    if (process.env.MESOS_AGENT_DEBUG) console.error(error);
    server?.close();
    agent?.containers.close();
    // As the containerizer's commands: a bad command line exits 2, a failure 1 (src/error-codes.ts).
    return exitCodeOf(errnoCode(error), 'mesos-agent');
  }
  return done;
}
