// The web UI's poll of the master slows down when polls are slow (a large
// /state over a slow link) so that one open page keeps the master busy at
// most a tenth of the time, and never waits longer than the cap.
import test from 'ava';

import { pollInterval } from '../../src/webui/live/poll-interval.js';

test('fast polls keep the base interval', (t) => {
  t.is(pollInterval(2000, 0), 2000);
  t.is(pollInterval(2000, 15), 2000);
  t.is(pollInterval(2000, 200), 2000);
});

test('a slow poll waits ten times its own duration', (t) => {
  t.is(pollInterval(2000, 350), 3500);
  t.is(pollInterval(2000, 900), 9000);
});

test('never longer than the cap, and never shorter than the base', (t) => {
  t.is(pollInterval(2000, 5000), 10_000);
  t.is(pollInterval(2000, 5000, 4000), 4000);
  t.is(pollInterval(20_000, 5000), 20_000);
});
