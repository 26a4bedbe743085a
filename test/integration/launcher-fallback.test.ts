// Where the resident launcher cannot run, a launch spawns the init stub from
// the caller, as before, and says so once in the log. (A file of its own:
// the launcher is per process, and this process never gets one.)
import { readFileSync } from 'node:fs';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { Logger } from '../../src/log/logger.js';
import type { HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';

process.env.MESOS_CONTAINERIZER_LAUNCHER = '/nonexistent/mesos-containerizer-launcher';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

function parentOf(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]);
}

test('without the launcher, launches spawn the stub from this process, and the log says why once', async (t) => {
  const { h } = t.context;
  const warnings: string[] = [];
  const logger: Logger = {
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: (fields, message) => warnings.push(typeof fields === 'string' ? fields : (message ?? '')),
    error: () => undefined,
    child: () => logger,
  };
  const c = h.containerizer({ logger });
  const a = await c.launch({ containerId: 'a', command: { value: 'sleep 1000' }, dieWithParent: true });
  const b = await c.launch({ containerId: 'b', command: { value: 'exit 4' } });
  t.is(parentOf(parentOf(a.pid)), process.pid, "the stub is this process's child");
  t.like(await b.exited, { exit_code: 4 });
  t.is(warnings.length, 1);
  t.regex(warnings[0]!, /resident launcher is not built \(looked for \/nonexistent\/mesos-containerizer-launcher.*spawned from this process instead/);
  t.is((await c.destroy('a')).outcome, 'destroyed');
});
