import test from 'ava';

import { exitCodeFor } from '../../src/cli/exit-codes.js';
import { formatTable } from '../../src/cli/output.js';
import type { ContainerState, TerminationRecord } from '../../src/containerizer/run-dir/records.js';
import { shellExitCode, toTermination } from '../../src/containerizer/termination.js';
import type { RecordView } from '../../src/containerizer/view.js';
import type { Limitation } from '../../src/isolators/isolator.js';
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

function ended(termination: TerminationRecord | undefined, destroyed: boolean, limitation?: Limitation): RecordView {
  const state = { containerId: 'c', phase: 'running', launcher: { pid: 1, startTime: 1, bootId: 'b' }, monitor: { pid: 7, startTime: 1 } } as ContainerState;
  return { id: 'c', phase: 'exited', state, termination, terminationProblem: undefined, destroyed, limitation };
}

test('terminations keep exit code and signal apart, and say no more than was seen', (t) => {
  const killed = toTermination(ended({ exit_code: null, signal: 9, finished_at: 0 }, true));
  t.deepEqual(killed, {
    container_id: 'c',
    exit_code: null,
    signal: 9,
    destroyed: true,
    killed_during_launch: false,
    finished_at: '1970-01-01T00:00:00.000Z',
    limitation: null,
    message: 'destroyed: killed by signal 9 (SIGKILL)',
  });
  const limited = toTermination(ended({ exit_code: 0, signal: null, finished_at: 0 }, false, { resource: 'mem', message: 'Memory limit exceeded' }));
  t.is(limited.message, 'Memory limit exceeded');
  t.is(shellExitCode(killed), 137);
  t.is(shellExitCode(toTermination(ended({ exit_code: 3, signal: null, finished_at: 0 }, false))), 3);
  t.like(toTermination(ended(undefined, true)), {
    exit_code: null,
    signal: null,
    finished_at: null,
    message: 'destroyed: exit status unknown: its end was not recorded (its monitor, pid 7, is gone)',
  });
});
