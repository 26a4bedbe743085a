import { PassThrough } from 'node:stream';

import test from 'ava';

import type { StatusEvent } from '../../src/launcher/status-events.js';
import { onStatusEvents } from '../../src/launcher/status-events.js';

test('status events are read line by line, across chunks; a malformed line is skipped', async (t) => {
  const stream = new PassThrough();
  const events: StatusEvent[] = [];
  onStatusEvents(stream, (event) => events.push(event));
  stream.write('{"event":"init","pid":7,"start_time":1,"pid_ns":2,"new_pid_ns":true}\n{"event":"run');
  stream.write('ning","task_pid":2}\nnot json\n');
  stream.end('{"event":"exit","exit_code":null,"signal":9}\n');
  await new Promise((resolve) => stream.on('end', resolve));
  t.deepEqual(events.map((e) => e.event), ['init', 'running', 'exit']);
  t.like(events[2], { exit_code: null, signal: 9 });
});
