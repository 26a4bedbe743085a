import test from 'ava';

import { identify, isAlive } from '../../src/proc/identity.js';
import { parseProcStat, readProcStat } from '../../src/proc/stat.js';

test('parses /proc/<pid>/stat, even when the command name has spaces and parentheses', (t) => {
  const line = '4242 (a (weird) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 98765 1000 10 1844 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0';
  t.deepEqual(parseProcStat(line), { pid: 4242, comm: 'a (weird) name', state: 'S', ppid: 1, startTime: 98765 });
  t.is(parseProcStat('garbage'), undefined);
});

test('our own process is alive by pid and start time; another start time is not us', (t) => {
  const me = identify(process.pid)!;
  t.is(me.startTime, readProcStat(process.pid)!.startTime);
  t.true(isAlive(me));
  t.false(isAlive({ pid: process.pid, startTime: me.startTime + 1 }));
  t.false(isAlive({ pid: 2 ** 22 + 1, startTime: 1 }));
});
