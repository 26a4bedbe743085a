// The destroy chain on the fake host: the fastest sure path for each kind of
// container, descendants that left the cgroup, verification, answers that
// claim only what happened, concurrent destroys, cleanups left pending.
import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { Isolator } from '../../src/isolators/isolator.js';
import { CGROUP_V1_FREEZER, CGROUP_V2 } from '../helpers/fake-host.js';
import { fakeTask } from '../helpers/fake-stub.js';
import { CGROUPS_ROOT, FakeWorld, modules } from '../helpers/fake-world.js';

const test = anyTest as TestFn<{ w: FakeWorld }>;
test.beforeEach((t) => {
  t.context.w = new FakeWorld();
});
test.afterEach.always((t) => t.context.w.remove());

const actions = (calls: string[]): string[] => calls.filter((c) => /^(SIG|cgroup\.kill|cgroup sweep)/.test(c));

test('pid namespace on cgroup v2: cgroup.kill at once, then the init; the monitor records SIGKILL', async (t) => {
  const { w } = t.context;
  const c = w.containerizer({ isolation: 'namespaces/pid' });
  const launched = await c.launch({ containerId: 'ns', command: { value: 'sleep 1000' } });
  w.host.calls.length = 0;
  const result = await c.destroy('ns');
  t.deepEqual(actions(w.host.calls), [`cgroup.kill ${CGROUP_V2}/${CGROUPS_ROOT}/ns`, `SIGKILL ${launched.pid} (gone)`]);
  t.like(result, { outcome: 'destroyed', termination: { signal: 9, exit_code: null, destroyed: true, message: 'destroyed: killed by signal 9 (SIGKILL)' } });
  t.is(w.host.processes.size, 2);
});

test('pid namespace on the v1 freezer: SIGKILL to the init first (the kernel kills the namespace), then the sweep finds nothing', async (t) => {
  const { w } = t.context;
  const c = w.containerizer({ isolation: 'namespaces/pid', cgroupsHierarchy: 'v1' });
  const launched = await c.launch({ containerId: 'ns1', command: { value: 'sleep 1000' } });
  w.host.calls.length = 0;
  t.like(await c.destroy('ns1'), { outcome: 'destroyed', termination: { signal: 9 } });
  t.deepEqual(actions(w.host.calls), [`SIGKILL ${launched.pid} mesos-containerizer-init`]);
  t.false(w.host.cgroupDirs.has(`${CGROUP_V1_FREEZER}/${CGROUPS_ROOT}/ns1`));
});

for (const freezable of [true, false]) {
  test(`without a pid namespace, processes that left the cgroup are stopped before the init dies, then killed (${freezable ? 'its cgroup frozen first' : 'a cgroup that cannot freeze: every descendant stopped'})`, async (t) => {
    const { w } = t.context;
    w.host.freezable = freezable;
    const c = w.containerizer({ isolation: 'posix/cpu' });
    const launched = await c.launch({ containerId: 'px', command: { value: 'sleep 1000' } });
    const task = fakeTask(w.host, launched.pid)!;
    // The task (root) moved a child of its own into the root cgroup; that one forked.
    const escaped = w.host.spawn({ ppid: task, comm: 'escaped' });
    const grandchild = w.host.spawn({ ppid: escaped.pid, comm: 'grandchild' });
    w.host.calls.length = 0;
    t.like(await c.destroy('px'), { outcome: 'destroyed' });
    const calls = w.host.calls.filter((c) => /^(SIG|cgroup\.kill|cgroup sweep|cgroup freeze)/.test(c));
    const stops = calls.filter((c) => c.startsWith('SIGSTOP')).map((c) => Number(c.split(' ')[1]));
    t.deepEqual(stops, freezable ? [escaped.pid, grandchild.pid] : [task, escaped.pid, grandchild.pid], 'parents first');
    const firstKill = calls.findIndex((c) => !c.startsWith('SIGSTOP') && !c.startsWith('cgroup freeze'));
    t.is(firstKill, stops.length + (freezable ? 1 : 0), 'every stop comes before any kill');
    if (freezable) t.is(calls[0], `cgroup freeze ${CGROUP_V2}/${CGROUPS_ROOT}/px`);
    t.false(w.host.alive(escaped.pid));
    t.false(w.host.alive(grandchild.pid));
    t.is(w.host.processes.size, 2);
    t.deepEqual([...w.host.frozen], [], 'nothing is left frozen');
  });
}

test('a descendant that survives SIGKILL makes destroy fail with DESTROY_INCOMPLETE naming it, never "destroyed"', async (t) => {
  const { w } = t.context;
  const c = w.containerizer({ isolation: 'posix/cpu' });
  const launched = await c.launch({ containerId: 'stuck', command: { value: 'sleep 1000' } });
  const stuck = w.host.spawn({ ppid: fakeTask(w.host, launched.pid)!, comm: 'unkillable', immortal: true });
  await t.throwsAsync(c.destroy('stuck', { timeoutSeconds: 0.2 }), {
    code: 'DESTROY_INCOMPLETE',
    message: `container 'stuck': processes that descend from its init are still alive after SIGKILL: ${stuck.pid}`,
  } as never);
  t.false(c.status('stuck').cleaned_up);
  w.host.exit(stuck.pid, { exit_code: null, signal: 9 });
  t.like(await c.destroy('stuck'), { outcome: 'destroyed' }, 'a later destroy finishes it, and reports it once');
});

test('an end nobody observed is not reported as SIGKILL: its exit status is unknown', async (t) => {
  const { w } = t.context;
  const c = w.containerizer({ isolation: 'namespaces/pid' });
  const launched = await c.launch({ containerId: 'blind', command: { value: 'sleep 1000' } });
  const monitor = [...w.host.processes.values()].find((p) => p.pid === launched.pid)!.ppid;
  w.host.exit(monitor, { exit_code: null, signal: 9 }); // someone killed the monitor
  const result = await c.destroy('blind');
  t.like(result, { outcome: 'destroyed', termination: { exit_code: null, signal: null, finished_at: null, destroyed: true } });
  t.is(result.termination.message, `destroyed: exit status unknown: its end was not recorded (its monitor, pid ${monitor}, is gone)`);
  t.like(c.status('blind'), { state: 'exited', signal: null });
});

test('eight concurrent destroys: exactly one says destroyed, the others already_destroyed', async (t) => {
  const { w } = t.context;
  await w.containerizer().launch({ containerId: 'crowd', command: { value: 'sleep 1000' } });
  const destroyers = Array.from({ length: 8 }, () => w.containerizer());
  const results = await Promise.all(destroyers.map((d) => d.destroy('crowd')));
  const outcomes = results.map((r) => r.outcome).sort();
  t.deepEqual(outcomes, ['already_destroyed', 'already_destroyed', 'already_destroyed', 'already_destroyed', 'already_destroyed', 'already_destroyed', 'already_destroyed', 'destroyed']);
  t.is(w.host.calls.filter((c) => c.startsWith('cgroup.kill')).length, 1, 'it was killed once');
});

test('a container that ended on its own: destroy says already_ended and cleans up', async (t) => {
  const { w } = t.context;
  const c = w.containerizer();
  const launched = await c.launch({ containerId: 'done', command: { value: 'true' } });
  w.host.exit(fakeTask(w.host, launched.pid)!, { exit_code: 0, signal: null });
  const results = await Promise.all([c.destroy('done'), w.containerizer().destroy('done')]);
  t.deepEqual(results.map((r) => r.outcome), ['already_ended', 'already_ended']);
  t.like(results[0]!.termination, { exit_code: 0, destroyed: false });
});

test('an isolator whose module is not loaded stays pending, in status and recover, until a process that has it cleans up', async (t) => {
  const { w } = t.context;
  const cleaned: string[] = [];
  const iso: Isolator = { name: 'org_test_Iso', prepare: () => ({ state: { made: 'x' } }), cleanup: (s) => void cleaned.push(JSON.stringify(s.state)) };
  const withModule = (): ReturnType<FakeWorld['containerizer']> => w.containerizer({ isolation: 'posix/cpu,org_test_Iso', modules: modules({ org_test_Iso: iso }) });
  // Detached: no follower in this process cleans up at its end.
  (await withModule().launch({ containerId: 'm', command: { value: 'sleep 1000' } })).detach();

  const without = w.containerizer();
  t.like(await without.destroy('m'), { outcome: 'destroyed', cleanupPending: ['org_test_Iso'] });
  t.like(without.status('m'), { state: 'exited', cleaned_up: false, cleanup_pending: ['org_test_Iso'] });
  t.like((await without.recover()).containers, [{ container_id: 'm', cleaned_up: false, cleanup_pending: ['org_test_Iso'] }]);
  t.deepEqual(cleaned, []);
  t.like((await without.gc()).kept, [{ container_id: 'm' }], 'gc keeps it while its cleanup is pending');

  const report = await withModule().recover({ cleanup: true });
  t.like(report.containers, [{ container_id: 'm', cleaned_up: true, cleanup_pending: [] }]);
  t.deepEqual(cleaned, ['{"made":"x"}'], 'the cleanup ran, with what prepare kept');
  t.like(without.status('m'), { cleaned_up: true, cleanup_pending: [] });
  t.like(await without.destroy('m'), { outcome: 'already_destroyed' });
});
