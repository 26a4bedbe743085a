// mesos-agent's bad start-ups: each is one line naming what is wrong, a
// non-zero exit, and nothing made (no work dir, no process, no cgroup).
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import anyTest from 'ava';
import type { TestFn } from 'ava';
import { execa } from 'execa';

import { AGENT_BIN } from '../helpers/agent-process.js';
import { freePort } from '../helpers/free-port.js';
import type { HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

const cases: Array<[string, string[], number, RegExp]> = [
  ['no --master', ['--master'], 2, /Missing required argument: master/],
  ['no --work_dir', ['--work_dir'], 2, /Missing required argument: work_dir/],
  ['a --master that is not HOST:PORT', ['--master=nowhere'], 2, /^mesos-agent: invalid --master 'nowhere': expected HOST:PORT/],
  ['bad --resources', ['--resources=cpus:lots'], 2, /^mesos-agent: invalid resources 'cpus:lots': the value of 'cpus' must be a number/],
  ['an unknown isolator', ['--isolation=namespaces/pid,no/such'], 2, /^mesos-agent: unknown or unsupported isolator 'no\/such' in --isolation/],
  ['a duration without a unit', ['--executor_shutdown_grace_period=5'], 2, /^mesos-agent: invalid --executor_shutdown_grace_period '5'/],
  ['an unknown flag', ['--frobnicate=1'], 2, /frobnicate/],
  ['--recover=maybe', ['--recover=maybe'], 2, /recover/],
  ['capability flags without linux/capabilities', ['--effective_capabilities=CHOWN'], 2, /^mesos-agent: --effective_capabilities has no effect without linux\/capabilities in --isolation/],
  ['--gc_disk_headroom above 1', ['--gc_disk_headroom=1.5'], 2, /^mesos-agent: invalid --gc_disk_headroom '1\.5': expected a number from 0 to 1$/],
  ['--gc_disk_headroom below 0', ['--gc_disk_headroom=-0.1'], 2, /^mesos-agent: invalid --gc_disk_headroom '-0\.1': expected a number from 0 to 1$/],
  ['--gc_disk_headroom not a number', ['--gc_disk_headroom=lots'], 2, /^mesos-agent: invalid --gc_disk_headroom 'lots': expected a number from 0 to 1$/],
  ['--gc_delay without a unit', ['--gc_delay=7'], 2, /^mesos-agent: invalid --gc_delay '7': expected a number and a unit/],
  ['--disk_watch_interval of zero', ['--disk_watch_interval=0secs'], 2, /^mesos-agent: invalid --disk_watch_interval '0secs': must be above zero$/],
  ['bad --default_container_info', ['--default_container_info={"type":"MESOS","volumes":[{"container_path":"/x"}]}'], 2, /'volumes\[0\].mode' must be "RW" or "RO"/],
];

for (const [title, flags, code, message] of cases) {
  test(`refused: ${title}`, async (t) => {
    const { h } = t.context;
    const workDir = join(h.root, 'agent');
    const base = ['--master=127.0.0.1:5050', `--work_dir=${workDir}`, `--runtime_dir=${h.runtimeDir}`, `--cgroups_root=${h.cgroupsRoot}`, `--port=${await freePort()}`];
    const names = new Set(flags.map((f) => f.split('=')[0]));
    const args = [...base.filter((f) => !names.has(f.split('=')[0])), ...flags.filter((f) => f.includes('='))];
    const result = await execa(AGENT_BIN, args, { reject: false, env: { NODE_EXTRA_CA_CERTS: '' } });
    t.is(result.exitCode, code, result.stderr);
    t.regex(result.stderr, message);
    t.is(result.stderr.trim().split('\n').length, 1, result.stderr);
    t.false(existsSync(workDir), 'no work dir was made');
  });
}

test('refused: isolation that needs what the machine lacks (cgroups/mem on a cgroup v2 without memory)', async (t) => {
  const { h } = t.context;
  const result = await execa(
    AGENT_BIN,
    ['--master=127.0.0.1:5050', `--work_dir=${join(h.root, 'agent')}`, '--isolation=cgroups/mem', '--cgroups_hierarchy=v2', `--cgroups_root=${h.cgroupsRoot}`, `--port=${await freePort()}`],
    { reject: false, env: { NODE_EXTRA_CA_CERTS: '' } },
  );
  if (result.exitCode === 0) return t.pass('this machine has memory on cgroup v2');
  t.is(result.exitCode, 1);
  t.regex(result.stderr, /^mesos-agent: the memory controller is not available: /);
  t.is(result.stderr.trim().split('\n').length, 1);
});

test('refused: a port already in use, named', async (t) => {
  const { h } = t.context;
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as { port: number }).port;
  try {
    const result = await execa(AGENT_BIN, ['--master=127.0.0.1:5050', `--work_dir=${join(h.root, 'agent')}`, `--runtime_dir=${h.runtimeDir}`, `--port=${port}`], {
      reject: false,
      env: { NODE_EXTRA_CA_CERTS: '' },
    });
    t.is(result.exitCode, 1);
    t.is(result.stderr.trim(), `mesos-agent: cannot listen on 127.0.0.1:${port}: EADDRINUSE`);
    t.false(existsSync(join(h.root, 'agent')));
  } finally {
    taken.close();
  }
});

test('--help prints the flags and exits 0', async (t) => {
  const result = await execa(AGENT_BIN, ['--help'], { reject: false, env: { NODE_EXTRA_CA_CERTS: '' } });
  t.is(result.exitCode, 0);
  for (const flag of ['--master', '--work_dir', '--resources', '--recover', '--isolation', '--cgroups_root', '--modules', '--gc_delay', '--gc_disk_headroom', '--disk_watch_interval']) t.true(result.stdout.includes(flag), flag);
});
