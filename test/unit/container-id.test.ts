import test from 'ava';

import { validateContainerId } from '../../src/mesos/container-id.js';

test('accepts Mesos-style ids', (t) => {
  for (const id of ['a', 'web-1', 'job_2.retry', '0b3a9d1e-77c1-4f4e-9d3a-1f2e3d4c5b6a']) t.is(validateContainerId(id), id);
});

test('rejects ids that are not a single safe path component', (t) => {
  for (const id of ['', '.', '..', 'a/b', '../x', 'a b', 'a\nb', 'x'.repeat(201), 'é']) {
    const error = t.throws(() => validateContainerId(id));
    t.is((error as { code?: string }).code, 'INVALID_CONTAINER_ID', JSON.stringify(id));
    if (id) t.true(error!.message.includes(JSON.stringify(id)), 'the message names the id');
  }
  t.throws(() => validateContainerId(42), { message: /must not be empty/ });
});
