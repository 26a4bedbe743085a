// create returns only once the init's pid is known, whatever order the
// container's processes report in: the middle process forks the init and
// then reports its pid, and on a busy host the init can be ready (or ask for
// the prestart hooks) before that report arrives. The test seam
// MESOS_CONTAINERIZER_OCI_TEST_PID_REPORT_DELAY_MS holds the middle's report
// back, making that order certain instead of rare.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import { rootOnly } from '../helpers/harness.js';
import type { OciContext } from '../helpers/oci-harness.js';
import { ociMissing, useOciHarness } from '../helpers/oci-harness.js';

const test = rootOnly(anyTest as TestFn<OciContext>);
const maybe = ociMissing ? test.skip : test;
useOciHarness(test);

const LATE_PID_REPORT = { MESOS_CONTAINERIZER_OCI_TEST_PID_REPORT_DELAY_MS: '300' };

function isWaitingProcess(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

maybe('the init ready before its pid is reported: create still writes its pid, and state says created with it', async (t) => {
  const { h } = t.context;
  const created = await h.create('c1', h.bundle('c1'), [], LATE_PID_REPORT);
  t.is(created.exitCode, 0, created.errorText);
  const pid = Number(readFileSync(join(h.root, 'c1.pid'), 'utf8'));
  t.true(pid > 0, `the pid file holds ${pid}`);
  t.true(isWaitingProcess(pid), `process ${pid} waits for start`);
  t.like(await h.state('c1'), { status: 'created', pid });
});

maybe('the init asks for the prestart hooks before its pid is reported: the hooks still see its pid', async (t) => {
  const { h } = t.context;
  const seen = join(h.root, 'prestart.json');
  const bundle = h.bundle('c1', (c) => (c.hooks = { prestart: [{ path: '/bin/sh', args: ['sh', '-c', `cat > ${seen}`] }] }));
  const created = await h.create('c1', bundle, [], LATE_PID_REPORT);
  t.is(created.exitCode, 0, created.errorText);
  const pid = Number(readFileSync(join(h.root, 'c1.pid'), 'utf8'));
  t.true(pid > 0, `the pid file holds ${pid}`);
  t.like(JSON.parse(readFileSync(seen, 'utf8')) as object, { id: 'c1', status: 'created', pid });
  t.like(await h.state('c1'), { status: 'created', pid });
});
