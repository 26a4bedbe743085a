// The agent's garbage collector without an agent: its arithmetic (Mesos's
// gc_delay and disk-headroom rules), its schedule with a clock of ours, and
// the removal of a tree a task wrote (links removed, never followed).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import test from 'ava';

import { parseHeadroom } from '../../src/agent/cli/config.js';
import { GarbageCollector } from '../../src/agent/gc/garbage-collector.js';
import { removeTree } from '../../src/agent/gc/remove-tree.js';
import { diskUsage, maxAllowedAge, pruneWindow, removalTime } from '../../src/agent/gc/schedule-math.js';
import { createLogger } from '../../src/log/logger.js';
import { withHostMountTable } from '../helpers/harness.js';

const HOUR = 3_600_000;
const WEEK = 168 * HOUR;

test('a directory is due gc_delay after its mtime, at once if that has passed', (t) => {
  const now = 1_000 * HOUR;
  t.is(removalTime(WEEK, now, now), now + WEEK, 'touched now: a full week');
  t.is(removalTime(WEEK, now - 100 * HOUR, now), now + 68 * HOUR, 'touched 100 h ago: 68 h left');
  t.is(removalTime(WEEK, now - 2 * WEEK, now), now, 'older than the delay: now, never in the past');
  t.is(removalTime(0, now, now), now);
});

test('the disk watch: the fuller the disk, the younger what goes (Mesos: gc_delay × max(0, 1 − headroom − usage))', (t) => {
  t.is(maxAllowedAge(WEEK, 0.1, 0), 0.9 * WEEK);
  t.is(Math.round(maxAllowedAge(WEEK, 0.1, 0.5)), Math.round(0.4 * WEEK));
  t.is(maxAllowedAge(WEEK, 0.1, 0.9), 0, 'at 1 − headroom everything goes');
  t.is(maxAllowedAge(WEEK, 0.5, 0.75), 0, 'never below zero');
  t.is(pruneWindow(WEEK, 0.9 * WEEK), 0.1 * WEEK, 'due within 0.1 week: at least 0.9 week old');
  t.is(pruneWindow(WEEK, 0), WEEK, 'everything scheduled');
  t.is(diskUsage({ blocks: 1000, bfree: 250 }), 0.75);
  t.is(diskUsage({ blocks: 0, bfree: 0 }), 0);
});

test('--gc_disk_headroom: a number from 0 to 1, anything else named', (t) => {
  t.is(parseHeadroom('0.1'), 0.1);
  t.is(parseHeadroom('0'), 0);
  t.is(parseHeadroom('1'), 1);
  t.is(parseHeadroom('.5'), 0.5);
  for (const bad of ['1.5', '-0.1', 'abc', '', '0x1', '1e-1', 'NaN', 'Infinity']) {
    t.throws(() => parseHeadroom(bad), { message: `invalid --gc_disk_headroom '${bad}': expected a number from 0 to 1` }, bad);
  }
});

function collector(removed: string[], options: { inUse?: (path: string) => boolean } = {}) {
  let now = 0;
  const gc = new GarbageCollector({
    roots: ['/w/slaves', '/w/meta/slaves'],
    inUse: options.inUse ?? (() => false),
    logger: createLogger('silent'),
    now: () => now,
    remove: async (path) => {
      removed.push(path);
      return true;
    },
  });
  return { gc, advance: (ms: number) => (now += ms), get now() { return now; } };
}

test('prune removes what is due within the window, deepest first; the rest stays scheduled', async (t) => {
  const removed: string[] = [];
  const { gc } = collector(removed);
  t.true(gc.schedule('/w/slaves/a/frameworks/f/executors/e', 10 * HOUR));
  t.true(gc.schedule('/w/slaves/a/frameworks/f/executors/e/runs/c', 10 * HOUR));
  t.true(gc.schedule('/w/meta/slaves/a/frameworks/g', 50 * HOUR));
  await gc.prune(20 * HOUR);
  t.deepEqual(removed, ['/w/slaves/a/frameworks/f/executors/e/runs/c', '/w/slaves/a/frameworks/f/executors/e']);
  t.deepEqual({ pending: gc.pending, succeeded: gc.succeeded, failed: gc.failed }, { pending: 1, succeeded: 2, failed: 0 });
  await gc.close();
});

test('nothing outside the trees is taken; a path a live task uses is not scheduled, and refused and counted if it became live after', async (t) => {
  const removed: string[] = [];
  const busy = new Set(['/w/slaves/a/frameworks/live']);
  const { gc } = collector(removed, { inUse: (path) => busy.has(path) });
  t.false(gc.schedule('/w/slaves', 0), 'the root itself');
  t.false(gc.schedule('/w/slavesX/a', 0));
  t.false(gc.schedule('/etc', 0));
  t.false(gc.schedule('/w/slaves/a/frameworks/live', 0));
  t.true(gc.schedule('/w/slaves/a/frameworks/busy', 0));
  busy.add('/w/slaves/a/frameworks/busy');
  await gc.prune(0);
  t.deepEqual(removed, []);
  t.deepEqual({ pending: gc.pending, succeeded: gc.succeeded, failed: gc.failed }, { pending: 0, succeeded: 0, failed: 1 });
  await gc.close();
});

test('unschedule takes a path off; rescheduling moves it', async (t) => {
  const removed: string[] = [];
  const { gc } = collector(removed);
  gc.schedule('/w/slaves/a/frameworks/f', 5);
  t.true(await gc.unschedule('/w/slaves/a/frameworks/f'));
  t.false(await gc.unschedule('/w/slaves/a/frameworks/f'), 'not scheduled any more');
  gc.schedule('/w/slaves/a/frameworks/g', 5);
  gc.schedule('/w/slaves/a/frameworks/g', 500);
  t.is(gc.dueAt('/w/slaves/a/frameworks/g'), 500);
  await gc.prune(100);
  t.deepEqual(removed, []);
  await gc.close();
});

test('the timer removes what is due by itself', async (t) => {
  const removed: string[] = [];
  const gc = new GarbageCollector({
    roots: ['/w/slaves'],
    inUse: () => false,
    logger: createLogger('silent'),
    remove: async (path) => (removed.push(path), true),
  });
  gc.schedule('/w/slaves/x', Date.now() + 20);
  const deadline = Date.now() + 5000;
  while (removed.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  t.deepEqual(removed, ['/w/slaves/x']);
  t.is(gc.pending, 0);
  await gc.close();
});

test('removeTree removes a tree a task wrote; its symbolic links go, their targets stay', async (t) => {
  const outside = mkdtempSync(join(tmpdir(), 'mct-gc-outside-'));
  const root = mkdtempSync(join(tmpdir(), 'mct-gc-tree-'));
  t.teardown(() => {
    rmSync(outside, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  });
  writeFileSync(join(outside, 'precious'), 'keep me');
  mkdirSync(join(outside, 'dir'));
  writeFileSync(join(outside, 'dir', 'inside'), 'keep me too');
  const sandbox = join(root, 'sandbox');
  mkdirSync(join(sandbox, 'a', 'b', 'c'), { recursive: true });
  writeFileSync(join(sandbox, 'a', 'b', 'c', 'file'), 'x');
  symlinkSync(join(outside, 'precious'), join(sandbox, 'link-to-file'));
  symlinkSync(join(outside, 'dir'), join(sandbox, 'a', 'link-to-dir'));
  symlinkSync('/nonexistent', join(sandbox, 'dangling'));
  t.true(await removeTree(sandbox));
  t.false(existsSync(sandbox));
  t.is(readFileSync(join(outside, 'precious'), 'utf8'), 'keep me');
  t.is(readFileSync(join(outside, 'dir', 'inside'), 'utf8'), 'keep me too');
  t.false(await removeTree(sandbox), 'gone already: nothing to do');
});

test('removeTree of a symbolic link removes the link, not what it points to', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'mct-gc-link-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'target'));
  writeFileSync(join(root, 'target', 'file'), 'x');
  symlinkSync(join(root, 'target'), join(root, 'run'));
  t.true(await removeTree(join(root, 'run')));
  t.false(existsSync(join(root, 'run')));
  t.true(existsSync(join(root, 'target', 'file')));
});

const asRoot = process.getuid?.() === 0 ? test : test.skip;

asRoot('removeTree refuses a tree with a mount in it, and removes nothing of it', async (t) => {
  const { execa } = await import('execa');
  const root = mkdtempSync(join(tmpdir(), 'mct-gc-mount-'));
  const mountPoint = join(root, 'run', 'volume');
  mkdirSync(mountPoint, { recursive: true });
  writeFileSync(join(root, 'run', 'stdout'), 'x');
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  // A mount on the host: one test at a time across files changes or compares the host's mount table.
  await withHostMountTable(async () => {
    await execa('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint]);
    try {
      writeFileSync(join(mountPoint, 'data'), 'theirs');
      const error = await t.throwsAsync(removeTree(join(root, 'run')), { code: 'GC_REMOVAL_FAILED', message: `cannot remove ${join(root, 'run')}: ${mountPoint} is mounted there` });
      t.like(error, { reason: 'MOUNTED' });
      t.true(existsSync(join(root, 'run', 'stdout')));
      t.is(readFileSync(join(mountPoint, 'data'), 'utf8'), 'theirs');
    } finally {
      await execa('umount', [mountPoint], { reject: false });
    }
  });
});

test('removeTree removes a tree deeper than PATH_MAX (a task can make one), one descriptor per level', async (t) => {
  const { execa } = await import('execa');
  const root = mkdtempSync(join(tmpdir(), 'mct-gc-deep-'));
  t.teardown(() => execa('rm', ['-rf', root], { reject: false }));
  const makeDeep = "const fs = require('fs'); fs.mkdirSync('run'); process.chdir('run'); for (let i = 0; i < 500; i++) { fs.mkdirSync('dddddddddd'); process.chdir('dddddddddd'); fs.writeFileSync('f', 'x'); }";
  await execa(process.execPath, ['-e', makeDeep], { cwd: root, env: { NODE_EXTRA_CA_CERTS: '' } });
  t.true(await removeTree(join(root, 'run')));
  t.false(existsSync(join(root, 'run')));
});
