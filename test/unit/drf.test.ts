import test from 'ava';

import { createDrfAllocator } from '../../src/allocator/drf.js';

test('each agent goes to the framework with the smallest dominant share', (t) => {
  const drf = createDrfAllocator();
  drf.addAgent('a1', { cpus: 4, mem: 4096 });
  drf.addAgent('a2', { cpus: 4, mem: 4096 });
  drf.addFramework('f1');
  drf.addFramework('f2');
  const first = drf.allocate();
  t.deepEqual(first.map((o) => [o.agentId, o.frameworkId]), [['a1', 'f1'], ['a2', 'f2']], 'ties go by id, then the other framework is poorer');
  t.deepEqual(drf.allocate(), [], 'everything is offered out');

  // f1 keeps 3 cpus (a task), declines the rest; f2 gives everything back.
  drf.recoverResources('f1', 'a1', { cpus: 1, mem: 4096 });
  drf.recoverResources('f2', 'a2', { cpus: 4, mem: 4096 });
  const second = drf.allocate();
  // f1 holds 3/8 of the cpus; f2 holds nothing, so it gets a1 (1 cpu, all of
  // a1's memory: half the cluster's), after which f1 (3/8) is poorer than f2 (1/2).
  t.deepEqual(second.map((o) => [o.agentId, o.frameworkId]), [['a1', 'f2'], ['a2', 'f1']]);
  t.deepEqual(second[0]!.resources, { cpus: 1, mem: 4096 });
});

test('nothing is offered without frameworks, and removed agents and frameworks are forgotten', (t) => {
  const drf = createDrfAllocator();
  drf.addAgent('a1', { cpus: 1 });
  t.deepEqual(drf.allocate(), []);
  drf.addFramework('f1');
  drf.removeAgent('a1');
  t.deepEqual(drf.allocate(), []);
  drf.addAgent('a2', { cpus: 2 });
  drf.removeFramework('f1');
  drf.addFramework('f2');
  t.deepEqual(drf.allocate(), [{ frameworkId: 'f2', agentId: 'a2', resources: { cpus: 2 } }]);
});
