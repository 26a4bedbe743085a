// Operating containers by hand: enter, logs, usage, archive, gc.
import { existsSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import anyTest from 'ava';
import type { TestFn } from 'ava';
import { execa } from 'execa';

import type { HarnessContext } from '../helpers/harness.js';
import { BIN, rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await sleep(20);
  }
  throw new Error(`timed out waiting until ${what}`);
}

test('enter runs inside the container: its pid namespace, /tmp, sandbox and cgroup; destroy kills it', async (t) => {
  const { h } = t.context;
  await h.cli(['launch', '--container_id=box', '--detach', '--', 'sh', '-c', 'echo private > /tmp/marker; sleep 1000']);
  const status = JSON.parse((await h.cli(['status', '--container_id=box'])).stdout);
  const r = await h.cli(['enter', '--container_id=box', '--', 'sh', '-c', 'readlink /proc/self/ns/pid; cat /tmp/marker; pwd; echo $$; ls /proc | grep -cE "^[0-9]+$"']);
  t.is(r.exitCode, 0, String(r.stderr));
  const [ns, marker, cwd, pid] = r.stdout.split('\n');
  t.is(ns, `pid:[${status.pid_namespace}]`);
  t.not(ns, readlinkSync('/proc/self/ns/pid'));
  t.is(marker, 'private');
  t.is(cwd, h.sandbox('box'));
  t.true(Number(pid) > 2, 'a process of the container, not its init');

  const lingering = h.cli(['enter', '--container_id=box', '--', 'sleep', '1001']);
  const c = h.containerizer();
  await until('the entered process shows in ps', () => c.processes('box').some((p) => p.command.join(' ') === 'sleep 1001'));
  await h.cli(['destroy', '--container_id=box']);
  const ended = await lingering;
  t.is(ended.exitCode, 137, `the entered process was killed with the container (${String(ended.stderr)})`);
});

const hasScript = existsSync('/usr/bin/script');
(hasScript ? test : test.skip)(`enter gives an interactive shell when there is a terminal${hasScript ? '' : ' (skipped: script(1), from util-linux, is not installed)'}`, async (t) => {
  const { h } = t.context;
  await h.cli(['launch', '--container_id=tty', '--detach', '--', 'sleep', '1000']);
  const command = [BIN, 'enter', ...h.flags(), '--container_id=tty'].map((w) => `'${w}'`).join(' ');
  const r = await execa('script', ['-qc', command, '/dev/null'], { input: 'tty > /dev/null && echo "interactive-$((6*7))"\nexit 5\n', reject: false });
  t.regex(r.stdout, /interactive-42/);
  t.is(r.exitCode, 0);
});

test('enter exits 127 for a program that does not exist, 126 for one that cannot run, like launch', async (t) => {
  const { h } = t.context;
  await h.cli(['launch', '--container_id=host', '--detach', '--', 'sleep', '1000']);
  const missing = await h.cli(['enter', '--container_id=host', '--', '/nonexistent/program']);
  t.deepEqual([missing.exitCode, missing.stderr], [127, "mesos-containerizer: container 'host': cannot execute '/nonexistent/program': No such file or directory"]);
  const notExecutable = await h.cli(['enter', '--container_id=host', '--', '/dev/null']);
  t.deepEqual([notExecutable.exitCode, notExecutable.stderr], [126, "mesos-containerizer: container 'host': cannot execute '/dev/null': Permission denied"]);
});

test('enter refuses a container that is not running', async (t) => {
  const { h } = t.context;
  await h.cli(['launch', '--container_id=over', '--', 'true']);
  const r = await h.cli(['enter', '--container_id=over']);
  t.is(r.exitCode, 1);
  t.regex(String(r.stderr), /container 'over' is not running \(exited\)/);
});

test('logs prints, tails and follows a running task', async (t) => {
  const { h } = t.context;
  await h.cli(['launch', '--container_id=talker', '--detach', '--', 'sh', '-c', 'for i in 1 2 3 4; do echo line$i; echo err$i >&2; sleep 0.2; done']);
  const followed = await h.cli(['logs', '--container_id=talker', '--follow']);
  t.is(followed.stdout, 'line1\nline2\nline3\nline4');
  t.is((await h.cli(['logs', '--container_id=talker', '--tail=2'])).stdout, 'line3\nline4');
  t.is((await h.cli(['logs', '--container_id=talker', '--stream=stderr', '--tail=1'])).stdout, 'err4');
  t.is((await h.cli(['logs', '--container_id=talker', '--tail=0'])).stdout, '');
  const foreground = await h.cli(['launch', '--container_id=fg', '--', 'true']);
  t.is(foreground.exitCode, 0);
  t.regex(String((await h.cli(['logs', '--container_id=fg'])).stderr), /has no stdout file in its sandbox/);
});

test('usage grows when the task burns CPU and allocates memory', async (t) => {
  const { h } = t.context;
  // It burns only once released: its usage before is measured while it waits, however slow the machine.
  await h.cli(['launch', '--container_id=busy', '--detach', '--', 'sh', '-c', 'while [ ! -e go ]; do sleep 0.05; done; exec awk \'BEGIN { s = "x"; for (i = 0; i < 27; i++) s = s s; while (1) { n++ } }\'']);
  const usage = async (): Promise<Record<string, number>> => JSON.parse((await h.cli(['usage', '--container_id=busy', '--json'])).stdout);
  const before = await usage();
  writeFileSync(join(h.sandbox('busy'), 'go'), '');
  t.true(before.processes >= 2);
  t.true(before.cpus_user_time_secs < 0.3, `user time at first: ${before.cpus_user_time_secs}`);
  const after = await until('it burns and allocates', async () => {
    const now = await usage();
    return now.cpus_user_time_secs > before.cpus_user_time_secs + 0.5 && now.mem_rss_bytes > before.mem_rss_bytes + 60e6 ? now : undefined;
  });
  t.true(after.threads >= after.processes);
  t.regex((await h.cli(['usage', '--container_id=busy'])).stdout, /^PROCESSES\s+THREADS\s+CPU USER/);
  await h.cli(['destroy', '--container_id=busy']);
});

test('archive round-trips the sandbox and the state, storing links as links', async (t) => {
  const { h } = t.context;
  await h.cli(['launch', '--container_id=kept', '--detach', '--', 'sh', '-c', 'echo hello; mkdir -p data; echo inside > data/file; ln -s /etc etc-link']);
  await h.cli(['wait', '--container_id=kept']);
  const archive = join(h.root, 'kept.tar.gz');
  const r = await h.cli(['archive', '--container_id=kept', `--output=${archive}`]);
  t.is(r.exitCode, 0, String(r.stderr));
  const listing = (await execa('tar', ['tvzf', archive])).stdout;
  const names = listing.split('\n').map((line) => line.split(/\s+/).slice(5).join(' '));
  t.true(names.includes('kept/sandbox/stdout'));
  t.true(names.includes('kept/sandbox/data/file'));
  t.true(names.includes('kept/state/state.json'));
  t.true(names.includes('kept/state/termination.json'));
  t.true(names.some((n) => n === 'kept/sandbox/etc-link -> /etc'));
  t.false(names.some((n) => n.startsWith('kept/sandbox/etc-link/')), 'the link was not followed');
  const file = (await execa('tar', ['xzOf', archive, 'kept/sandbox/data/file'])).stdout;
  t.is(file, 'inside');
  const refused = await h.cli(['archive', '--container_id=ghost', `--output=${archive}`]);
  t.is(refused.exitCode, 1);
});

test('gc removes ended containers, never running ones, and honours --older_than', async (t) => {
  const { h } = t.context;
  await h.cli(['launch', '--container_id=alive', '--detach', '--', 'sleep', '1000']);
  await h.cli(['launch', '--container_id=dead', '--', 'true']);
  const young = JSON.parse((await h.cli(['gc', '--older_than=1h'])).stdout);
  t.deepEqual(young.removed, []);
  t.true(existsSync(h.sandbox('dead')));
  const running = await h.cli(['gc', '--container_id=alive']);
  t.is(running.exitCode, 1);
  t.regex(String(running.stderr), /container 'alive' was kept \(running\)/);

  const result = JSON.parse((await h.cli(['gc'])).stdout);
  t.deepEqual(result.removed, [{ container_id: 'dead', sandbox: h.sandbox('dead') }]);
  t.deepEqual(result.kept, [{ container_id: 'alive', reason: 'running' }]);
  t.false(existsSync(h.sandbox('dead')));
  t.false(existsSync(join(h.runtimeDir, 'containers', 'dead')));
  t.is((await h.cli(['launch', '--container_id=dead', '--', 'true'])).exitCode, 0, 'the id is free again');
  t.regex(String((await h.cli(['gc', '--older_than=soon'])).stderr), /invalid --older_than 'soon'/);
});
