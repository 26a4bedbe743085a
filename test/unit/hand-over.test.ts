// The hand-over of a foreground launch to the init stub, on the fake host:
// what the launch makes before it, what it passes the stub, when it does not
// hand over, and how an execve that fails is undone.
import { existsSync, fstatSync, readFileSync, readSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { HandOver } from '../../src/containerizer/hand-over.js';
import { HANDED_BACK_LOCK_VARIABLE, HANDED_BACK_VARIABLE, handBackFrom } from '../../src/containerizer/hand-over.js';
import type { LaunchRequest, LaunchedContainer } from '../../src/containerizer/launch.js';
import { launchOrHandOver } from '../../src/containerizer/launch.js';
import type { Isolator } from '../../src/isolators/isolator.js';
import { initStubFor } from '../../src/launcher/init-stub.js';
import { CGROUP_V2 } from '../helpers/fake-host.js';
import { CGROUPS_ROOT, FakeWorld, modules } from '../helpers/fake-world.js';

const test = anyTest as TestFn<{ w: FakeWorld }>;
test.beforeEach((t) => {
  t.context.w = new FakeWorld();
});
test.afterEach.always((t) => t.context.w.remove());

const request = (containerId: string): LaunchRequest => ({ containerId, command: { value: 'true', shell: false, arguments: ['true'] }, stdio: 'inherit' });
const handBack = { argv: ['/usr/bin/node', '/opt/bin/mesos-containerizer', 'launch', '--container_id=c1'], env: { PATH: '/usr/bin', SECRET: 'kept for the CLI only' } };

function argument(plan: HandOver, flag: string): string {
  const i = plan.args.indexOf(flag);
  if (i < 0) throw new Error(`no ${flag} in ${plan.args.join(' ')}`);
  return plan.args[i + 1]!;
}

/** What an fd the stub would read holds, from its start. */
function contents(fd: number): string {
  const buffer = Buffer.alloc(fstatSync(fd).size);
  readSync(fd, buffer, 0, buffer.length, 0);
  return buffer.toString();
}

test('a foreground launch stops before the init stub: the record says launching, and the stub gets all it needs on its fds', async (t) => {
  const { w } = t.context;
  const outcome = await launchOrHandOver(w.context(), request('c1'), { handBack });
  t.true('program' in outcome);
  const plan = outcome as HandOver;
  t.false(w.host.calls.some((call) => call.startsWith('spawn')), 'no stub was spawned');
  t.deepEqual(w.host.calls, [`cgroup create ${CGROUP_V2}/${CGROUPS_ROOT}/c1`], 'its cgroup was made');

  const state = JSON.parse(readFileSync(join(w.entry('c1'), 'state.json'), 'utf8'));
  t.like(state, { phase: 'launching', launcher: w.host.self() });
  t.is(state.init, undefined);
  t.deepEqual(readdirSync(w.entry('c1')).sort(), ['env', 'state.json'], 'nothing passed to the stub stays in the entry');

  t.is(argument(plan, '--record'), join(w.entry('c1'), 'state.json'));
  t.is(argument(plan, '--destroy-request'), join(w.entry('c1'), 'destroyed.json'));
  t.is(argument(plan, '--container-id'), 'c1');
  const template = JSON.parse(contents(Number(argument(plan, '--record-template-fd'))));
  t.like(template, { phase: 'running', containerId: 'c1', launcher: state.launcher, sandbox: state.sandbox });
  t.false('init' in template || 'monitor' in template, 'the stub adds the init and itself');
  t.is(contents(Number(argument(plan, '--env-fd'))), readFileSync(join(w.entry('c1'), 'env'), 'utf8'));
  const lockFd = Number(argument(plan, '--lock-fd'));
  const [argv, env] = contents(Number(argument(plan, '--hand-back-fd'))).split('\0\0');
  t.deepEqual(argv!.split('\0'), handBack.argv);
  t.deepEqual(env!.split('\0').filter(Boolean), ['PATH=/usr/bin', 'SECRET=kept for the CLI only', `${HANDED_BACK_LOCK_VARIABLE}=${lockFd}`]);
  t.true(plan.fds.includes(lockFd));
  t.is(plan.args[plan.args.indexOf('--') + 1], 'true');

  // The entry is locked while the stub has it: a destroy asks, and waits for the task to run.
  await t.throwsAsync(w.containerizer().destroy('c1', { timeoutSeconds: 0.05 }), { code: 'CONTAINER_BUSY' } as never);
  // Had the execve failed then, the launch would end as destroyed during it.
  await t.throwsAsync(plan.abandon(new Error('execve failed')), { code: 'LAUNCH_ABORTED' } as never);
  t.like(JSON.parse(readFileSync(join(w.entry('c1'), 'state.json'), 'utf8')), { phase: 'aborted', killedByDestroy: true });
});

test('an execve that fails is undone as any failed launch: entry, sandbox, cgroup and lock go', async (t) => {
  const { w } = t.context;
  const plan = (await launchOrHandOver(w.context(), request('gone'), { handBack })) as HandOver;
  await t.throwsAsync(plan.abandon(new Error('execve failed')), { message: 'execve failed' });
  t.false(existsSync(w.entry('gone')));
  t.false(existsSync(w.sandbox('gone')));
  t.true(w.host.calls.some((call) => call.startsWith('cgroup remove')));
  // The id is free again.
  const again = await launchOrHandOver(w.context(), request('gone'), { handBack });
  t.true('program' in again);
  await (again as HandOver).abandon(new Error('done')).catch(() => undefined);
});

const isolating: Isolator = { name: 'org_test_Isolating', isolate: () => undefined };
const polling: Isolator = { name: 'org_test_Polling', limitation: () => undefined };

for (const [what, isolator] of [['acts on the live init (isolate)', isolating], ['polls a limitation the stub does not watch', polling]] as const) {
  test(`no hand-over when an isolator ${what}: the launch is followed from here`, async (t) => {
    const { w } = t.context;
    const ctx = w.context({ isolation: `posix/cpu,${isolator.name}`, modules: modules({ [isolator.name]: isolator }) });
    const outcome = await launchOrHandOver(ctx, request('kept'), { handBack });
    t.false('program' in outcome);
    t.true(w.host.calls.includes('spawn stub kept'));
    await w.containerizer({ isolation: `posix/cpu,${isolator.name}`, modules: modules({ [isolator.name]: isolator }) }).destroy('kept');
    await (outcome as LaunchedContainer).exited;
  });
}

test('no hand-over for a hook that runs after the launch, nor for a detached launch', async (t) => {
  const { w } = t.context;
  const hooked = w.context({ modules: modules({}, [{ name: 'org_test_After', afterLaunch: () => undefined }]) });
  const followed = await launchOrHandOver(hooked, request('hooked'), { handBack });
  t.false('program' in followed);
  const detached = await launchOrHandOver(w.context(), { ...request('detached'), stdio: 'sandbox' }, { handBack });
  t.false('program' in detached);
  const c = w.containerizer();
  for (const id of ['hooked', 'detached']) await c.destroy(id);
});

test('the hand-back the stub execs the CLI with: its error event and the lock', (t) => {
  const event = { event: 'error', stage: 'exec', errno: 2, code: 'ENOENT', status: 127, message: "cannot execute 'x': No such file or directory" };
  t.deepEqual(handBackFrom({ [HANDED_BACK_VARIABLE]: JSON.stringify(event), [HANDED_BACK_LOCK_VARIABLE]: '7' }), { lockFd: 7, error: event as never });
  t.deepEqual(handBackFrom({ [HANDED_BACK_VARIABLE]: 'garbage', [HANDED_BACK_LOCK_VARIABLE]: '7' }), { lockFd: 7, error: undefined }, 'unreadable: failed all the same');
  t.is(handBackFrom({ PATH: '/usr/bin' }), undefined, 'no hand-back: a launch like any other');
});

test('--user runs the stub build that can look up users (the default one is static)', (t) => {
  t.regex(initStubFor(['--chdir', '/', '--user', 'nobody', '--', 'id']), /mesos-containerizer-init-nss$/);
  t.regex(initStubFor(['--chdir', '/', '--', 'id', '--user', 'nobody']), /mesos-containerizer-init$/, "the task's own --user is not the stub's");
});
