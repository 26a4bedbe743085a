// Per-test set-up for agent tests: a Harness, an in-test master, and the
// agents the test starts (spared by the harness's leak checks: they carry
// its paths on their command line but are no container's). Teardown stops
// the agents first (SIGKILL: tasks of frameworks without checkpointing end
// with them), then the master; then the harness checks what the containers
// that ended left, destroys the rest and checks again, even when the test
// failed.
import type { ExecutionContext, TestFn } from 'ava';

import type { AgentOptions, AgentProcess } from './agent-process.js';
import { startAgent } from './agent-process.js';
import { FakeMaster } from './fake-master.js';
import { Harness } from './harness.js';

export interface AgentContext {
  h: Harness;
  master: FakeMaster;
  agents: AgentProcess[];
}

export function useAgentHarness(test: TestFn<AgentContext>): void {
  test.beforeEach(async (t) => {
    t.context.h = new Harness();
    t.context.agents = [];
    t.context.master = new FakeMaster();
    await t.context.master.start();
  });
  test.afterEach.always(async (t) => {
    for (const agent of t.context.agents) await agent.kill();
    await t.context.master?.close();
    const leaks = await t.context.h.teardown();
    t.deepEqual(leaks, { processes: [], mounts: [], cgroups: [] }, 'the test left something behind');
  });
}

/** Starts an agent for this test (stopped in teardown) and waits for its registration. */
export async function agentFor(t: ExecutionContext<AgentContext>, options: AgentOptions = {}): Promise<AgentProcess & { id: string }> {
  const agent = await startAgent(t.context.h, t.context.master, options);
  t.context.agents.push(agent);
  return agent;
}
