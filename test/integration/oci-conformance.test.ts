// The OCI runtime-tools suite, ours and runc's results in the same run
// (scripts/oci-conformance.sh): it fails unless we pass at least as many
// assertions as runc and every file clean for runc is clean for us. The
// suite's source is vendor/runtime-tools-5e639034.tar.gz (or OCI_SUITE);
// where it, Go or runc is missing the test is skipped, saying what to install.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import test from 'ava';
import { execa, execaSync } from 'execa';

import { isRoot } from '../helpers/harness.js';

const repo = new URL('../../', import.meta.url).pathname;
const suite = process.env.OCI_SUITE ?? join(repo, 'vendor/runtime-tools-5e639034.tar.gz');
const has = (tool: string): boolean => execaSync('sh', ['-c', `command -v ${tool}`], { reject: false }).exitCode === 0;
const go = has('go') || execaSync('sh', ['-c', 'ls /usr/lib/go-1.*/bin/go'], { reject: false }).exitCode === 0;
const missing = !isRoot
  ? 'needs root'
  : !existsSync(suite)
    ? `no suite source at ${suite} (the runtime-tools tarball with vendored modules; set OCI_SUITE to its path)`
    : !go
      ? 'needs Go (apt-get install -t bookworm-backports golang-1.23-go, see scripts/oci-prerequisites.sh)'
      : !has('runc')
        ? 'needs runc to compare with (apt-get install runc)'
        : ['make', 'unshare', 'timeout', 'tar'].filter((tool) => !has(tool)).map((tool) => `needs ${tool}`)[0];

const title = 'runtime-tools suite: at least as many assertions as runc, every file clean for runc clean for us';
if (missing) {
  test.skip(`${title} (skipped: ${missing})`, () => undefined);
} else {
  test(title, async (t) => {
    t.timeout(15 * 60_000);
    // the suite's build (and Go's cache) stays in /var/tmp/oci-conformance for the next run; the results go
    const out = join('/var/tmp/oci-conformance', `results-${process.pid}`);
    try {
      const result = await execa(join(repo, 'scripts/oci-conformance.sh'), [suite], { reject: false, env: { OUT: out }, all: true });
      const summary = existsSync(join(out, 'summary.txt')) ? readFileSync(join(out, 'summary.txt'), 'utf8') : String(result.all);
      t.log(summary);
      t.is(result.exitCode, 0, summary);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
}
