// `mesos-containerizer list | head -1`: when the reader has gone before the
// output is written (EPIPE), the command ends quietly, with its own status,
// as command-line tools do, instead of a Node stack trace.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import test from 'ava';

import { BIN } from '../helpers/harness.js';

test('output into a pipe nobody reads any more: exit 0, nothing on stderr', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mct-pipe-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  // head -c0 exits at once; the command writes ~0.3 s later, to a pipe without a reader.
  const script = `set -o pipefail; (sleep 0.3; exec "$0" list --runtime_dir="$1/run" --work_dir="$1/work" 2>"$1/stderr") | head -c0; echo "\${PIPESTATUS[0]}"; cat "$1/stderr"`;
  const result = spawnSync('bash', ['-c', script, BIN, dir], { encoding: 'utf8' });
  const [status, ...stderr] = result.stdout.split('\n');
  t.is(status, '0');
  t.is(stderr.join('\n').trim(), '', 'no stack trace');
});
