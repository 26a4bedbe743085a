// A master with one in-test agent that finishes every task at once (no
// containers): what the master and its API cost alone.
import { FakeAgent } from '../test/helpers/fake-agent.js';
import { MasterProcess } from '../test/helpers/master-process.js';

export async function masterWithInstantAgent(): Promise<{ master: MasterProcess; agent: FakeAgent }> {
  const master = await MasterProcess.start({ flags: ['--allocation_interval=100ms'] });
  const agent = await FakeAgent.start({
    master: master.address,
    resources: 'cpus:2;mem:1024',
    onRunTask: (task, a) => {
      a.update(task.taskId, 'TASK_RUNNING');
      a.update(task.taskId, 'TASK_FINISHED');
    },
  });
  return { master, agent };
}
