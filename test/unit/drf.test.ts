import test from 'ava';

import { createDrfAllocator } from '../../src/allocator/drf.js';
import { formatResources, parseResources } from '../../src/mesos/resources/text.js';

const r = parseResources;
const summary = (offers: Array<{ agentId: string; frameworkId: string; resources: unknown }>) =>
  offers.map((o) => [o.agentId, o.frameworkId, formatResources(o.resources as ReturnType<typeof r>)]);

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

test('each agent goes to the framework with the smallest dominant share', (t) => {
  const drf = createDrfAllocator();
  drf.addAgent('a1', r('cpus:4;mem:4096'), {});
  drf.addAgent('a2', r('cpus:4;mem:4096'), {});
  drf.addFramework('f1', {});
  drf.addFramework('f2', {});
  t.deepEqual(summary(drf.allocate()), [['a1', 'f1', 'cpus:4;mem:4096'], ['a2', 'f2', 'cpus:4;mem:4096']], 'ties go by id, then the other framework is poorer');
  t.deepEqual(drf.allocate(), [], 'everything is offered out');

  // f1 keeps 3 cpus (a task), declines the rest; f2 gives everything back.
  drf.recoverResources('f1', 'a1', r('cpus:1;mem:4096'));
  drf.recoverResources('f2', 'a2', r('cpus:4;mem:4096'));
  // f1 holds 3/8 of the cpus; f2 nothing, so it gets a1 (1 cpu, half the
  // cluster's memory), after which f1 (3/8) is poorer than f2 (1/2).
  t.deepEqual(summary(drf.allocate()), [['a1', 'f2', 'cpus:1;mem:4096'], ['a2', 'f1', 'cpus:4;mem:4096']]);
});

test('port ranges are offered as ranges, and what a task holds is not offered', (t) => {
  const drf = createDrfAllocator();
  drf.addFramework('f1', {});
  drf.addAgent('a1', r('cpus:2;mem:1024;ports:[31000-31009]'), { f1: r('cpus:1;mem:512;ports:[31000-31000,31005-31005]') });
  t.deepEqual(summary(drf.allocate()), [['a1', 'f1', 'cpus:1;mem:512;ports:[31001-31004,31006-31009]']]);
  drf.recoverResources('f1', 'a1', r('cpus:1;mem:512;ports:[31000-31000,31005-31005]')); // the task ended
  drf.recoverResources('f1', 'a1', r('cpus:1;mem:512;ports:[31001-31004,31006-31009]')); // the offer declined, no filter
  t.deepEqual(summary(drf.allocate()), [['a1', 'f1', 'cpus:2;mem:1024;ports:[31000-31009]']]);
});

test('a refusal filter holds for refuse_seconds, unless more becomes free or the framework revives', (t) => {
  const time = clock();
  const drf = createDrfAllocator({ now: time.now });
  drf.addFramework('f1', {});
  drf.addAgent('a1', r('cpus:2;mem:1024'), {});
  t.is(drf.allocate().length, 1);
  // A task keeps 1 cpu; the rest is refused for 10 s.
  drf.recoverResources('f1', 'a1', r('cpus:1;mem:512'), 10);
  t.deepEqual(drf.allocate(), [], 'refused resources are not offered again at once');
  time.advance(9_000);
  t.deepEqual(drf.allocate(), [], 'nor before the filter ends');
  time.advance(1_001);
  t.deepEqual(summary(drf.allocate()), [['a1', 'f1', 'cpus:1;mem:512']], 'after it, they are');

  drf.recoverResources('f1', 'a1', r('cpus:1;mem:512'), 10);
  drf.recoverResources('f1', 'a1', r('cpus:1;mem:512')); // the task ended: more is free than was refused
  t.deepEqual(summary(drf.allocate()), [['a1', 'f1', 'cpus:2;mem:1024']], 'a larger offer passes the filter');

  drf.recoverResources('f1', 'a1', r('cpus:2;mem:1024'), 3600);
  t.deepEqual(drf.allocate(), []);
  drf.reviveOffers('f1');
  t.is(drf.allocate().length, 1, 'REVIVE forgets the filters');
});

test('suppressed and deactivated frameworks get nothing; the others still do', (t) => {
  const drf = createDrfAllocator();
  drf.addAgent('a1', r('cpus:1;mem:128'), {});
  drf.addFramework('f1', {});
  drf.addFramework('f2', {});
  drf.suppressOffers('f1');
  drf.deactivateFramework('f2');
  t.deepEqual(drf.allocate(), []);
  drf.activateFramework('f2');
  t.deepEqual(summary(drf.allocate()), [['a1', 'f2', 'cpus:1;mem:128']]);
  drf.recoverResources('f2', 'a1', r('cpus:1;mem:128'), 60);
  drf.reviveOffers('f1');
  t.deepEqual(summary(drf.allocate()), [['a1', 'f1', 'cpus:1;mem:128']], 'REVIVE ends SUPPRESS');
});

test('reserved resources go only to their role; too little CPU and memory is not offered', (t) => {
  const drf = createDrfAllocator();
  drf.addAgent('a1', r('cpus(web):1;mem(web):256;cpus:1;mem:256'), {});
  drf.addFramework('batch', { role: 'batch' });
  t.deepEqual(summary(drf.allocate()), [['a1', 'batch', 'cpus:1;mem:256']], 'only the unreserved part');
  drf.addFramework('web', { role: 'web' });
  t.deepEqual(summary(drf.allocate()), [['a1', 'web', 'cpus(web):1;mem(web):256']]);

  const small = createDrfAllocator();
  small.addAgent('a1', r('cpus:0.005;mem:16;disk:100'), {});
  small.addFramework('f', {});
  t.deepEqual(small.allocate(), [], 'less than 0.01 cpus and 32 MB of memory is no offer');
});

test('removed agents and frameworks are forgotten', (t) => {
  const drf = createDrfAllocator();
  drf.addAgent('a1', r('cpus:1;mem:64'), {});
  t.deepEqual(drf.allocate(), [], 'nothing without frameworks');
  drf.addFramework('f1', {});
  drf.removeAgent('a1');
  t.deepEqual(drf.allocate(), []);
  drf.addAgent('a2', r('cpus:2;mem:64'), {});
  drf.removeFramework('f1');
  drf.addFramework('f2', {});
  t.deepEqual(summary(drf.allocate()), [['a2', 'f2', 'cpus:2;mem:64']]);
});
