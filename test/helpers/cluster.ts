// A master, in-test agents and frameworks for one test, torn down after it
// (even when it failed), with a check that nothing was left: no master
// process, no work dir, no agent server.
import { existsSync } from 'node:fs';

import type { TestFn } from 'ava';

import type { FrameworkInfo } from '../../src/mesos/framework-info.js';
import type { SchedulerClientOptions } from '../../src/scheduler/client.js';
import type { FakeAgentOptions } from './fake-agent.js';
import { FakeAgent } from './fake-agent.js';
import { TestFramework } from './framework.js';
import { MasterProcess } from './master-process.js';

export class Cluster {
  readonly masters: MasterProcess[] = [];
  readonly agents: FakeAgent[] = [];
  readonly frameworks: TestFramework[] = [];
  private barriers = 0;

  /** Short timings by default; a test adds or overrides flags. */
  async startMaster(flags: string[] = []): Promise<MasterProcess> {
    const master = await MasterProcess.start({ flags: ['--allocation_interval=50ms', ...flags] });
    this.masters.push(master);
    return master;
  }

  get master(): MasterProcess {
    return this.masters[this.masters.length - 1]!;
  }

  /** Restarts the current master (SIGKILL by default: a crash) on its port and work dir. */
  async restartMaster(signal: NodeJS.Signals = 'SIGKILL'): Promise<MasterProcess> {
    const next = await this.master.restart(signal);
    this.masters.push(next);
    return next;
  }

  async agent(options: Partial<FakeAgentOptions> = {}, register = true): Promise<FakeAgent> {
    const agent = await FakeAgent.start({ master: this.master.address, ...options });
    this.agents.push(agent);
    if (register) await agent.register();
    return agent;
  }

  async framework(info: Partial<FrameworkInfo> = {}, options: Partial<SchedulerClientOptions> = {}): Promise<TestFramework> {
    const framework = await TestFramework.subscribe(this.master.address, info, options);
    this.frameworks.push(framework);
    return framework;
  }

  /**
   * Waits until every update the master sent `framework` before now has
   * arrived: events on a stream are in order, so the answer to a
   * reconciliation asked now comes after them.
   */
  async barrier(framework: TestFramework): Promise<number> {
    const taskId = `barrier-${++this.barriers}`;
    await framework.client.reconcile([{ taskId, agentId: 'no-such-agent' }]);
    await framework.update((s) => s.task_id.value === taskId);
    return framework.updates.length;
  }

  /** Tears everything down; returns what was left behind. */
  async teardown(): Promise<string[]> {
    for (const framework of this.frameworks) framework.close();
    await Promise.all(this.agents.map((a) => a.stop().catch(() => undefined)));
    const leaks: string[] = [];
    for (const master of this.masters) {
      await master.teardown();
      try {
        process.kill(master.child.pid!, 0);
        leaks.push(`master process ${master.child.pid} is still running`);
      } catch {
        // gone, as it should be
      }
      if (existsSync(master.workDir)) leaks.push(`master work dir ${master.workDir} is left`);
    }
    return leaks;
  }
}

export interface ClusterContext {
  cluster: Cluster;
}

export function useCluster(test: TestFn<ClusterContext>): void {
  test.beforeEach((t) => {
    t.context.cluster = new Cluster();
  });
  test.afterEach.always(async (t) => {
    t.deepEqual(await t.context.cluster.teardown(), [], 'the test left something behind');
  });
}
