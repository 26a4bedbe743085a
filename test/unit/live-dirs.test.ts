// The agent's index of the directories live tasks use: a path holds one when
// it is that directory or any directory above it, while any task using it lives.
import test from 'ava';

import { LiveDirs } from '../../src/agent/gc/live-dirs.js';

const run = (container: string): string => `/w/slaves/a/frameworks/f/executors/e/runs/${container}`;

test('a live directory and every directory above it are held; a sibling or a child is not', (t) => {
  const live = new LiveDirs();
  live.add([run('c1'), '/w/meta/slaves/a/frameworks/f/executors/e/runs/c1']);
  for (const path of [run('c1'), '/w/slaves/a/frameworks/f/executors/e', '/w/slaves/a/frameworks/f', '/w/meta/slaves/a/frameworks/f/executors/e/runs/c1', '/w']) t.true(live.holds(path), path);
  for (const path of [run('c2'), `${run('c1')}/tmp`, '/w/slaves/a/frameworks/g', '/w/slaves/a/frameworks/f/executors/e2']) t.false(live.holds(path), path);
});

test('a directory stays held while any task that uses it lives', (t) => {
  const live = new LiveDirs();
  live.add([run('c1')]);
  live.add([run('c2')]);
  live.remove([run('c1')]);
  t.false(live.holds(run('c1')));
  t.true(live.holds('/w/slaves/a/frameworks/f/executors/e'), 'c2 still runs in the executor dir');
  live.remove([run('c2')]);
  t.false(live.holds('/w/slaves/a/frameworks/f/executors/e'));
  t.false(live.holds('/'));
});
