import test from 'ava';

import { exitCodeFor } from '../../src/cli/exit-codes.js';
import { formatTable } from '../../src/cli/output.js';
import { shellExitCode, toTermination } from '../../src/containerizer/termination.js';
import { LaunchError } from '../../src/launcher/errors.js';

test('tables align columns and keep the last one ragged', (t) => {
  t.is(formatTable(['ID', 'STATE', 'X'], [['a', 'running', 'long value'], ['bbbb', 'exited', '']]), 'ID    STATE    X\na     running  long value\nbbbb  exited\n');
});

test('launch maps exec failures to 126/127 and everything else to 125', (t) => {
  t.is(exitCodeFor(new LaunchError('c', 'exec', 'ENOENT', 'm'), 'launch'), 127);
  t.is(exitCodeFor(new LaunchError('c', 'exec', 'EACCES', 'm'), 'launch'), 126);
  t.is(exitCodeFor(new LaunchError('c', 'mount', 'ENOENT', 'm'), 'launch'), 125);
  t.is(exitCodeFor(new Error('x'), 'launch'), 125);
  t.is(exitCodeFor(new Error('x'), 'status'), 1);
});

test('terminations keep exit code and signal apart', (t) => {
  const killed = toTermination('c', { exit_code: null, signal: 9, finished_at: 0 }, true);
  t.deepEqual(killed, { container_id: 'c', exit_code: null, signal: 9, destroyed: true, finished_at: '1970-01-01T00:00:00.000Z', limitation: null, message: 'destroyed: killed by signal 9 (SIGKILL)' });
  const limited = toTermination('c', { exit_code: 0, signal: null, finished_at: 0 }, false, { resource: 'mem', message: 'Memory limit exceeded' });
  t.is(limited.message, 'Memory limit exceeded');
  t.is(shellExitCode(killed), 137);
  t.is(shellExitCode(toTermination('c', { exit_code: 3, signal: null, finished_at: 0 }, false)), 3);
  t.is(toTermination('c', undefined, false).message, 'ended; its exit status is unknown (its monitor was gone)');
});
