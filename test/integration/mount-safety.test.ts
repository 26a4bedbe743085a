// Read-only volumes are read-only all the way down, and mount propagation is
// slave: the host's later mounts and unmounts reach a running container, the
// container's never reach the host. Host mounts are made in a mount namespace
// of the test's own (unshare -m), so the real host mount table, which other
// tests compare, never changes.
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import type { TestFn } from 'ava';
import { execa } from 'execa';

import type { Harness, HarnessContext } from '../helpers/harness.js';
import { BIN, rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

/** Runs a shell script as root in a new mount namespace; $CLI runs mesos-containerizer with the harness's flags. */
function inOwnMountNamespace(h: Harness, script: string, env: Record<string, string> = {}) {
  const cli = `mc() { command=$1; shift; "${BIN}" "$command" ${h.flags().map((f) => `'${f}'`).join(' ')} "$@"; }\n`;
  return execa('unshare', ['--mount', '--propagation', 'private', 'sh', '-ec', cli + script], {
    reject: false,
    env: { NODE_EXTRA_CA_CERTS: '', ...env },
  });
}

/** A shell loop that waits (at most 10 s) until a condition holds. */
const waitFor = (condition: string): string => `i=0; until ${condition}; do i=$((i+1)); [ $i -lt 200 ] || exit 9; sleep 0.05; done`;

test('a mount below a read-only volume is read-only too', async (t) => {
  const { h } = t.context;
  const volume = join(h.root, 'ro-volume');
  mkdirSync(join(volume, 'sub'), { recursive: true });
  const r = await inOwnMountNamespace(h, `
    mount -t tmpfs none "$VOLUME/sub"
    mc launch --container_id=rosub --volume=/var/tmp:"$VOLUME":ro -- sh -c '
      touch /var/tmp/sub/x && echo wrote-submount
      touch /var/tmp/y && echo wrote-volume
      grep " /var/tmp/sub " /proc/self/mountinfo | cut -d" " -f6'
  `, { VOLUME: volume });
  t.is(r.exitCode, 0, String(r.stderr));
  t.false(r.stdout.includes('wrote'), r.stdout);
  t.regex(String(r.stderr), /touch: cannot touch '\/var\/tmp\/sub\/x': Read-only file system/);
  t.regex(String(r.stderr), /touch: cannot touch '\/var\/tmp\/y': Read-only file system/);
  t.regex(r.stdout.trim(), /^ro(,|$)/, 'the submount is mounted ro inside');
});

test('host mounts made and removed under a shared mount after launch reach the running container', async (t) => {
  const { h } = t.context;
  const shared = join(h.root, 'shared');
  mkdirSync(join(shared, 'later'), { recursive: true });
  const sandbox = h.sandbox('watcher');
  const r = await inOwnMountNamespace(h, `
    mount --bind "$SHARED" "$SHARED" && mount --make-shared "$SHARED"   # what systemd does to /
    mc launch --container_id=watcher --detach --isolation=namespaces/pid --env=SHARED="$SHARED" -- sh -ec '
      ${waitFor('[ -e "$SHARED/later/marker" ]')}; touch seen
      ${waitFor('[ ! -e "$SHARED/later/marker" ]')}; touch gone' >/dev/null
    mount -t tmpfs none "$SHARED/later" && touch "$SHARED/later/marker"
    ${waitFor('[ -e "$SANDBOX/seen" ]')}
    umount "$SHARED/later"
    mc wait --container_id=watcher
  `, { SHARED: shared, SANDBOX: sandbox });
  t.is(r.exitCode, 0, `${r.stdout} ${String(r.stderr)}`);
  t.true(existsSync(join(sandbox, 'seen')), 'the mount made after launch was seen inside');
  t.true(existsSync(join(sandbox, 'gone')), 'and its unmount too: the container does not pin it');
  t.like(JSON.parse(r.stdout.trim().split('\n').pop()!), { exit_code: 0 });
});

test('a host mount made later under a read-only volume does not appear inside: it would be writable', async (t) => {
  const { h } = t.context;
  const shared = join(h.root, 'shared-ro');
  mkdirSync(join(shared, 'later'), { recursive: true });
  const sandbox = h.sandbox('rowatcher');
  // Propagation happens inside the host's mount(2): once it returned, the
  // container's table already has the mount or never will.
  const r = await inOwnMountNamespace(h, `
    mount --bind "$SHARED" "$SHARED" && mount --make-shared "$SHARED"
    mc launch --container_id=rowatcher --detach --isolation=namespaces/pid,filesystem/shared --volume=/var/tmp:"$SHARED":ro -- sh -ec '
      ${waitFor('[ -e go ]')}
      grep -c " /var/tmp/later " /proc/self/mountinfo > mounted || true
      touch /var/tmp/later/x 2> error || true' >/dev/null
    mount -t tmpfs none "$SHARED/later"
    touch "$SANDBOX/go"
    mc wait --container_id=rowatcher
  `, { SHARED: shared, SANDBOX: sandbox });
  t.is(r.exitCode, 0, `${r.stdout} ${String(r.stderr)}`);
  t.is(readFileSync(join(sandbox, 'mounted'), 'utf8').trim(), '0', 'the later host mount is not in the container');
  t.regex(readFileSync(join(sandbox, 'error'), 'utf8'), /Read-only file system/);
});

test('what the README says: a read-only volume guards its container path; the host path is still where the shared root shows it', async (t) => {
  const { h } = t.context;
  const hostDir = join(h.root, 'guarded');
  mkdirSync(hostDir);
  const r = await h.cli(['launch', '--container_id=guarded', `--volume=/var/tmp:${hostDir}:ro`, '--', 'sh', '-c', `touch /var/tmp/through-volume; touch ${hostDir}/through-host-path`]);
  t.regex(String(r.stderr), /cannot touch '\/var\/tmp\/through-volume': Read-only file system/);
  t.deepEqual(readdirSync(hostDir), ['through-host-path']);
});
