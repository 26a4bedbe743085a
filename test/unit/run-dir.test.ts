// The run directory's records: atomic claims, durable writes that say which
// file failed, torn files that are reported instead of trusted, the entry
// lock across open files and within a process.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import { writeFileAtomically } from '../../src/containerizer/run-dir/durable-write.js';
import { parseContainerState, parseTermination } from '../../src/containerizer/run-dir/record-schemas.js';
import type { ContainerState } from '../../src/containerizer/run-dir/records.js';
import { RunDirectory } from '../../src/containerizer/run-dir/run-directory.js';
import { FakeHost } from '../helpers/fake-host.js';

const test = anyTest as TestFn<{ root: string; runDir: RunDirectory; host: FakeHost }>;
test.beforeEach((t) => {
  t.context.root = mkdtempSync(join(tmpdir(), 'mct-rundir-'));
  t.context.runDir = new RunDirectory(t.context.root);
  t.context.host = new FakeHost();
});
test.afterEach.always((t) => rmSync(t.context.root, { recursive: true, force: true }));

function record(host: FakeHost, id: string): ContainerState {
  return {
    format: 2,
    containerId: id,
    phase: 'launching',
    launcher: { ...host.self(), bootId: host.bootId() },
    created: 1,
    sandbox: `/sandboxes/${id}`,
    sandboxCreated: true,
    isolation: [],
    cgroupsRoot: 'mesos',
    command: { value: 'true' },
    isolatorState: {},
  };
}

test('a claim appears whole: the entry holds its record from the first moment, and no claim directory is left', async (t) => {
  const { runDir, host } = t.context;
  const lock = await runDir.claim(host, record(host, 'a'), host.now() + 1000);
  t.deepEqual(readdirSync(runDir.root), ['a']);
  t.like(runDir.readState('a').value, { containerId: 'a', phase: 'launching', launcher: host.self() });
  lock.release();
});

test('a second claim of an id fails with CONTAINER_EXISTS, even on an empty directory made by hand', async (t) => {
  const { runDir, host } = t.context;
  (await runDir.claim(host, record(host, 'a'), host.now() + 1000)).release();
  await t.throwsAsync(runDir.claim(host, record(host, 'a'), host.now() + 1000), { code: 'CONTAINER_EXISTS' } as never);
  mkdirSync(join(runDir.root, 'by-hand'));
  await t.throwsAsync(runDir.claim(host, record(host, 'by-hand'), host.now() + 1000), { code: 'CONTAINER_EXISTS' } as never);
  t.deepEqual(readdirSync(runDir.root).sort(), ['a', 'by-hand'], 'the failed claims left nothing');
});

test('records that cannot be trusted are torn, each saying why; a missing entry is unknown', (t) => {
  const { runDir, root } = t.context;
  const dir = (id: string): string => {
    mkdirSync(join(root, 'containers', id), { recursive: true });
    return join(root, 'containers', id);
  };
  dir('empty-dir');
  writeFileSync(join(dir('half'), 'state.json'), '{"format":2,"contain');
  writeFileSync(join(dir('zero'), 'state.json'), '');
  writeFileSync(join(dir('alien'), 'state.json'), '{"format":1,"containerId":"alien"}');
  writeFileSync(join(dir('other'), 'state.json'), JSON.stringify(record(t.context.host, 'someone-else')));
  t.regex(runDir.readState('empty-dir').problem!, /^state.json is missing/);
  t.is(runDir.readState('half').problem, 'state.json is not JSON (half written?)');
  t.is(runDir.readState('zero').problem, 'state.json is empty');
  t.regex(runDir.readState('alien').problem!, /^state.json is not a record this version understands \(format: /);
  t.is(runDir.readState('other').problem, "state.json names another container ('someone-else')");
  t.throws(() => runDir.readState('absent'), { code: 'UNKNOWN_CONTAINER' } as never);
  t.deepEqual(runDir.list(), ['alien', 'empty-dir', 'half', 'other', 'zero']);
});

test('termination records are checked too', (t) => {
  t.like(parseTermination('{"exit_code":null,"signal":9,"finished_at":5}').value, { signal: 9 });
  t.is(parseTermination('{"exit_code":"0"').problem, 'termination.json is not JSON (half written?)');
  t.regex(parseTermination('{"exit_code":"zero","signal":null,"finished_at":5}').problem!, /exit_code/);
  t.regex(parseContainerState('[]', 'x').problem!, /not a record this version understands/);
});

test('a write that fails names the file and what to do, and leaves no temporary file', (t) => {
  const { root } = t.context;
  const missing = join(root, 'no', 'such', 'dir', 'state.json');
  t.throws(() => writeFileAtomically(missing, '{}', { durable: true, what: "the record of container 'x'" }), {
    code: 'RECORD_WRITE_FAILED',
    message: `cannot write the record of container 'x' ${missing}: its directory is gone (removed while the command ran?) (ENOENT)`,
  } as never);
  const path = join(root, 'ok.json');
  writeFileAtomically(path, '{"a":1}\n', { durable: true, what: 'a test file' });
  t.deepEqual(readdirSync(root), ['ok.json']);
});

test('the entry lock: a second holder waits until the first releases, and gives up at its deadline with CONTAINER_BUSY', async (t) => {
  const { runDir, host } = t.context;
  const first = await runDir.claim(host, record(host, 'a'), host.now() + 1000);
  await t.throwsAsync(runDir.lock(host, 'a', host.now() + 50, () => 'its launch (pid 42)'), {
    code: 'CONTAINER_BUSY',
    message: "container 'a' is locked by its launch (pid 42), which did not finish within 0s; try again later",
  } as never);
  let second: Awaited<ReturnType<RunDirectory['lock']>>;
  const waiting = runDir.lock(host, 'a', host.now() + 5000, () => 'x').then((lock) => (second = lock));
  await host.sleep(20);
  t.is(second!, undefined, 'still waiting');
  first.release();
  t.truthy(await waiting);
  second!.release();
});

test('the lock of an entry removed while waiting resolves to nothing', async (t) => {
  const { runDir, host } = t.context;
  const first = await runDir.claim(host, record(host, 'gone'), host.now() + 1000);
  const waiting = runDir.lock(host, 'gone', host.now() + 5000, () => 'x');
  runDir.remove('gone');
  first.release();
  t.is(await waiting, undefined);
  t.false(existsSync(runDir.dir('gone')));
});

test('a record this process wrote reads back as written; once another writer changes it, it is checked again (a torn one is reported)', async (t) => {
  const { runDir, host } = t.context;
  const state = record(host, 'mine');
  await (await runDir.claim(host, state, host.now() + 1000)).release();
  runDir.writeState({ ...state, phase: 'running' });
  t.deepEqual(runDir.readState('mine').value, { ...state, phase: 'running' });
  writeFileSync(runDir.file('mine', 'state.json'), JSON.stringify({ ...state, phase: 'exploded' }));
  t.regex(runDir.readState('mine').problem ?? '', /phase/);
  writeFileSync(runDir.file('mine', 'state.json'), `${JSON.stringify({ ...state, phase: 'running' })}\n`);
  t.is(runDir.readState('mine').value?.phase, 'running', 'the same text as ours is ours');
  runDir.remove('mine');
  t.throws(() => runDir.readState('mine'), { code: 'UNKNOWN_CONTAINER' } as never);
});

test('absent optional files (destroy request, termination, limitation) read as absent, also under a stray file', (t) => {
  const { runDir, root } = t.context;
  mkdirSync(join(root, 'containers', 'e'), { recursive: true });
  t.false(runDir.destroyRequested('e'));
  t.is(runDir.readTermination('e'), undefined);
  t.is(runDir.readLimitation('e'), undefined);
  writeFileSync(join(root, 'containers', 'stray'), 'x');
  t.false(runDir.destroyRequested('stray'));
  t.is(runDir.readTermination('stray'), undefined);
  writeFileSync(runDir.file('e', 'destroyed.json'), '');
  t.true(runDir.destroyRequested('e'), 'present, whatever it holds');
});
