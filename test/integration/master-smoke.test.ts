import test from 'ava';

import { FakeAgent } from '../helpers/fake-agent.js';
import { TestFramework } from '../helpers/framework.js';
import { MasterProcess } from '../helpers/master-process.js';

test('a task goes from ACCEPT to an acknowledged TASK_FINISHED through a master', async (t) => {
  const master = await MasterProcess.start({ flags: ['--allocation_interval=50ms'] });
  const agent = await FakeAgent.start({ master: master.address, onRunTask: (task, a) => { a.update(task.taskId, 'TASK_RUNNING'); a.update(task.taskId, 'TASK_FINISHED'); } });
  let framework: TestFramework | undefined;
  try {
    await agent.register();
    framework = await TestFramework.subscribe(master.address);
    const offer = await framework.offer();
    await framework.launch(offer, [{ task_id: { value: 't1' } }]);
    const running = await framework.update((s) => s.state === 'TASK_RUNNING');
    await framework.client.acknowledge(running);
    const finished = await framework.update((s) => s.state === 'TASK_FINISHED');
    await framework.client.acknowledge(finished);
    t.is(finished.source, 'SOURCE_EXECUTOR');
    const state = await master.state();
    t.log(JSON.stringify(state.frameworks[0]?.completed_tasks));
    t.is(state.frameworks[0]?.completed_tasks.length, 1);
  } finally {
    framework?.close();
    await agent.stop();
    await master.teardown();
  }
});
