// Bad input, tried on purpose: one clear line naming what is wrong, the
// documented exit code, and nothing left behind.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import type { ExecutionContext, TestFn } from 'ava';
import { execa } from 'execa';

import { readCgroupMounts } from '../../src/cgroups/mounts.js';
import type { Harness, HarnessContext } from '../helpers/harness.js';
import { BIN, rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

function entries(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

function assertNothingLeft(t: ExecutionContext, h: Harness, except: string[] = []): void {
  t.deepEqual(entries(join(h.runtimeDir, 'containers')).filter((e) => !except.includes(e)), [], 'run-dir entries');
  t.deepEqual(entries(join(h.workDir, 'containers')).filter((e) => !except.includes(e)), [], 'sandboxes');
  for (const root of h.cgroupRoots()) t.deepEqual(entries(root).filter((e) => !e.includes('.') && !except.includes(e)), [], `cgroups in ${root}`);
  t.deepEqual(h.ours(), [], 'processes');
}

const cases: Array<{ title: string; args: string[]; code: number; message: RegExp }> = [
  { title: 'an invalid container id', args: ['--container_id=../etc', '--', 'true'], code: 125, message: /invalid container id "\.\.\/etc"/ },
  { title: 'an empty container id', args: ['--container_id=', '--', 'true'], code: 125, message: /container_id/ },
  { title: 'an unknown isolator', args: ['--container_id=x', '--isolation=namespaces/pid,bogus/thing', '--', 'true'], code: 125, message: /unknown or unsupported isolator 'bogus\/thing'/ },
  { title: 'malformed --command JSON', args: ['--container_id=x', '--command={"value": oops}'], code: 125, message: /invalid CommandInfo: not valid JSON/ },
  { title: '--command without a value', args: ['--container_id=x', '--command={"shell":false}'], code: 125, message: /'value' is required: the executable path is not specified/ },
  { title: '--command with a wrong type', args: ['--container_id=x', '--command={"value":"true","arguments":"no"}'], code: 125, message: /'arguments' must be an array/ },
  { title: 'a missing --command file', args: ['--container_id=x', '--command=/nonexistent/command.json'], code: 125, message: /cannot read --command file '\/nonexistent\/command.json'/ },
  { title: 'a missing program', args: ['--container_id=x', '--', '/nonexistent/program', 'arg'], code: 127, message: /cannot execute '\/nonexistent\/program': No such file or directory/ },
  { title: 'a program not on PATH', args: ['--container_id=x', '--', 'no-such-program-anywhere'], code: 127, message: /cannot execute 'no-such-program-anywhere'/ },
  { title: 'a file that cannot be executed', args: ['--container_id=x', '--', '/dev/null'], code: 126, message: /cannot execute '\/dev\/null': Permission denied/ },
  { title: 'a non-existent user', args: ['--container_id=x', '--user=no-such-user-here', '--', 'true'], code: 125, message: /user 'no-such-user-here' does not exist/ },
  { title: 'a malformed --env', args: ['--container_id=x', '--env=NOEQUALS', '--', 'true'], code: 125, message: /invalid --env 'NOEQUALS': expected NAME=VALUE/ },
  { title: 'nothing to run', args: ['--container_id=x'], code: 125, message: /nothing to run/ },
  { title: 'both --command and a program', args: ['--container_id=x', '--command={"value":"true"}', '--', 'true'], code: 125, message: /either --command or/ },
  { title: 'an unknown flag', args: ['--container_id=x', '--bogus_flag=1', '--', 'true'], code: 125, message: /Unknown argument: bogus_flag/ },
  { title: 'a bad --cgroups_hierarchy', args: ['--container_id=x', '--cgroups_hierarchy=v3', '--', 'true'], code: 125, message: /cgroups_hierarchy/ },
  // The kernel would clamp these silently (cpu.shares to 262144, a memory limit to "unlimited").
  { title: '--cpus past what the kernel accepts', args: ['--container_id=x', '--isolation=cgroups/cpu', '--cpus=1e12', '--', 'true'], code: 125, message: /^mesos-containerizer: invalid --cpus=1000000000000: at most 256 CPUs \(the kernel's largest cpu\.shares, 262144\)$/ },
  { title: '--mem past what the kernel accepts', args: ['--container_id=x', '--isolation=cgroups/mem', '--mem=1e20', '--', 'true'], code: 125, message: /^mesos-containerizer: invalid --mem=100000000000000000000: at most 8796093022207 MB \(the kernel's largest memory limit, 8 EiB\)$/ },
  { title: '--cpus without cgroups/cpu', args: ['--container_id=x', '--cpus=1', '--', 'true'], code: 125, message: /^mesos-containerizer: --cpus=1 needs the cgroups\/cpu isolator to apply it, and --isolation is 'namespaces\/pid,filesystem\/shared': add cgroups\/cpu \(or cgroups\) to it$/ },
  { title: '--mem without cgroups/mem', args: ['--container_id=x', '--isolation=cgroups/cpu', '--mem=64', '--', 'true'], code: 125, message: /^mesos-containerizer: --mem=64 needs the cgroups\/mem isolator to apply it, and --isolation is 'cgroups\/cpu': add cgroups\/mem \(or cgroups\) to it$/ },
  { title: 'an empty --isolation', args: ['--container_id=x', '--isolation=', '--', 'true'], code: 125, message: /^mesos-containerizer: --isolation is empty: name the isolators, or give 'posix' for none$/ },
  { title: 'an --isolation of commas only', args: ['--container_id=x', '--isolation=, ,', '--', 'true'], code: 125, message: /^mesos-containerizer: --isolation is empty/ },
];

for (const c of cases) {
  test(`launch rejects ${c.title}`, async (t) => {
    const { h } = t.context;
    const r = await h.cli(['launch', ...c.args]);
    t.is(r.exitCode, c.code, String(r.stderr));
    t.regex(String(r.stderr), c.message);
    t.is(String(r.stderr).trim().split('\n').length, 1, 'one line');
    t.is(r.stdout, '');
    assertNothingLeft(t, h);
  });
}

// Run from a scratch directory: a relative path taken as given would be made there.
for (const flag of ['runtime_dir', 'work_dir'] as const) {
  test(`a relative --${flag} is refused by every command, before anything is made`, async (t) => {
    const { h } = t.context;
    const scratch = join(h.root, 'cwd');
    mkdirSync(scratch);
    const flags = [`--runtime_dir=${h.runtimeDir}`, `--work_dir=${h.workDir}`, `--cgroups_root=${h.cgroupsRoot}`].map((f) => (f.startsWith(`--${flag}=`) ? `--${flag}=relative/dir` : f));
    const run = (args: string[]) => execa(BIN, [args[0]!, ...flags, ...args.slice(1)], { cwd: scratch, reject: false, env: { NODE_EXTRA_CA_CERTS: '' } });
    const message = `mesos-containerizer: --${flag} must be an absolute path, got 'relative/dir'`;
    const launched = await run(['launch', '--container_id=x', '--', 'true']);
    t.deepEqual([launched.exitCode, launched.stderr, launched.stdout], [125, message, '']);
    for (const command of [['status', '--container_id=x'], ['list'], ['gc']]) {
      const r = await run(command);
      t.deepEqual([r.exitCode, r.stderr], [2, message], command[0]);
    }
    t.deepEqual(readdirSync(scratch), [], 'nothing made relative to the working directory');
    assertNothingLeft(t, h);
  });
}

test('update refuses --cpus past what the kernel accepts, as a usage error', async (t) => {
  const r = await t.context.h.cli(['update', '--container_id=any', '--cpus=300']);
  t.deepEqual([r.exitCode, r.stderr], [2, "mesos-containerizer: invalid --cpus=300: at most 256 CPUs (the kernel's largest cpu.shares, 262144)"]);
});

test('launch rejects a duplicate container id and leaves the first one alone', async (t) => {
  const { h } = t.context;
  t.is((await h.cli(['launch', '--container_id=dup', '--detach', '--', 'sleep', '60'])).exitCode, 0);
  const r = await h.cli(['launch', '--container_id=dup', '--', 'true']);
  t.is(r.exitCode, 125);
  t.regex(String(r.stderr), /container 'dup' already exists/);
  t.like(JSON.parse((await h.cli(['status', '--container_id=dup'])).stdout), { state: 'running' });
  await h.cli(['destroy', '--container_id=dup']);
  assertNothingLeft(t, h, ['dup']);
});

for (const command of ['status', 'wait', 'destroy', 'ps']) {
  test(`${command} of an unknown container is an error naming it`, async (t) => {
    const r = await t.context.h.cli([command, '--container_id=ghost']);
    t.is(r.exitCode, 1);
    t.regex(String(r.stderr), /unknown container 'ghost'/);
  });
}

test('a command without its required flag is a usage error', async (t) => {
  const r = await t.context.h.cli(['status']);
  t.is(r.exitCode, 2);
  t.regex(String(r.stderr), /Missing required argument: container_id/);
});

const v2Mount = readCgroupMounts().find((m) => m.version === 2);
const hasV2 = v2Mount !== undefined;
(hasV2 ? test : test.skip)(`launch refuses a frozen cgroup (here: its parent, our root, frozen on v2)${hasV2 ? '' : ' (skipped: no cgroup v2 is mounted)'}`, async (t) => {
  const { h } = t.context;
  const v2 = join(v2Mount!.mountPoint, h.cgroupsRoot);
  mkdirSync(v2, { recursive: true });
  writeFileSync(join(v2, 'cgroup.freeze'), '1');
  try {
    const r = await h.cli(['launch', '--container_id=cold', '--cgroups_hierarchy=v2', '--', 'true']);
    t.is(r.exitCode, 125);
    t.regex(String(r.stderr), /cgroup \S+\/cold is frozen: refusing to launch into it/);
    assertNothingLeft(t, h);
  } finally {
    writeFileSync(join(v2, 'cgroup.freeze'), '0');
  }
});
