// A launch whose runtime dir is on a full file system fails on one line that
// names the file and what to do, and leaves nothing: whatever it had
// started is killed before anything else is undone. Serial, and one at a
// time across files: each mounts a tmpfs on the host.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { Harness, HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness, withHostMountTable } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

const fixtures = new URL('../../fixtures/modules/', import.meta.url).pathname;

/** The runtime dir on a 1 MiB tmpfs, filled up now (or by the test later); unmounted after. */
async function onSmallTmpfs(h: Harness, fillNow: boolean, run: () => Promise<void>): Promise<void> {
  await withHostMountTable(async () => {
    mkdirSync(h.runtimeDir, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'mct-full', h.runtimeDir]);
    try {
      mkdirSync(join(h.runtimeDir, 'containers'));
      if (fillNow) execFileSync('sh', ['-c', `dd if=/dev/zero of=${join(h.runtimeDir, 'filler')} bs=64k 2>/dev/null || true`]);
      await run();
    } finally {
      execFileSync('umount', [h.runtimeDir]);
    }
  });
}

const nothingLeft = (t: Parameters<Parameters<typeof test>[1]>[0], h: Harness, id: string): void => {
  t.deepEqual(h.ours(), [], 'no process');
  t.false(existsSync(h.sandbox(id)), 'no sandbox');
  t.deepEqual(readdirSync(join(h.runtimeDir, 'containers')), [], 'no entry, no claim');
  for (const root of h.cgroupRoots()) t.false(existsSync(join(root, id)), `no cgroup in ${root}`);
};

test.serial('launch on a full runtime dir: one line naming the file and what to do, exit 125, nothing left', async (t) => {
  const { h } = t.context;
  await onSmallTmpfs(h, true, async () => {
    const r = await h.cli(['launch', '--container_id=full', '--', 'touch', join(h.root, 'ran')]);
    t.is(r.exitCode, 125);
    t.is(
      String(r.stderr),
      `mesos-containerizer: cannot write the record of container 'full' ${join(h.runtimeDir, 'containers', 'full', 'state.json')}: no space left on its file system: free some, or choose another --runtime_dir (ENOSPC)`,
    );
    t.false(existsSync(join(h.root, 'ran')));
    nothingLeft(t, h, 'full');
  });
});

test.serial('the disk fills up after the init stub started: the init is killed first, the task never runs, nothing is left', async (t) => {
  const { h } = t.context;
  await onSmallTmpfs(h, false, async () => {
    const modules = JSON.stringify({
      libraries: [{ file: join(fixtures, 'lifecycle-isolator.mjs'), modules: [{ name: 'org_test_LifecycleIsolator', parameters: [{ key: 'fill_on_isolate', value: h.runtimeDir }] }] }],
    });
    const r = await h.cli(['launch', '--container_id=late', `--modules=${modules}`, '--isolation=namespaces/pid,org_test_LifecycleIsolator', '--', 'touch', join(h.root, 'ran')]);
    t.is(r.exitCode, 125);
    t.regex(String(r.stderr), /^mesos-containerizer: cannot write the record of container 'late' \S+\/containers\/late\/state.json: no space left on its file system: free some, or choose another --runtime_dir \(ENOSPC\)$/);
    t.false(existsSync(join(h.root, 'ran')), 'the task never ran');
    nothingLeft(t, h, 'late');
  });
});

test.serial('with --log_level=debug, the failure comes with its stack', async (t) => {
  const { h } = t.context;
  await onSmallTmpfs(h, true, async () => {
    const r = await h.cli(['launch', '--container_id=full', '--log_level=debug', '--', 'true']);
    t.is(r.exitCode, 125);
    t.regex(String(r.stderr), /RecordWriteError: cannot write the record[^\n]*\n\s+at /);
  });
});
