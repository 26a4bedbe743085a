// filesystem/shared, observed from inside and compared with the host.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness, withHostMountTable } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

const mountinfo = (): string => readFileSync('/proc/self/mountinfo', 'utf8');

test('a file written to /tmp lands in <sandbox>/tmp, unseen by the host and by a second container', async (t) => {
  const { h } = t.context;
  const name = `private-${randomUUID()}`;
  // Other tests make and remove their own mct-* directories meanwhile.
  const hostTmpNow = (): string[] => readdirSync('/tmp').filter((e) => !e.startsWith('mct-')).sort();
  const hostTmp = hostTmpNow();
  const c = h.containerizer();
  const writer = await c.launch({ containerId: 'writer', command: { value: `echo secret > /tmp/${name}; stat -c %a /tmp > mode; sleep 1000` } });
  for (let i = 0; i < 200 && !existsSync(join(writer.sandbox, 'tmp', name)); i++) await new Promise((r) => setTimeout(r, 10));
  const reader = await c.launch({ containerId: 'reader', command: { value: `ls -A /tmp > seen; cat /tmp/${name} 2>&1 > /dev/null; echo $? > status` } });
  await reader.exited;
  t.is(readFileSync(join(writer.sandbox, 'tmp', name), 'utf8'), 'secret\n');
  t.is(readFileSync(join(writer.sandbox, 'mode'), 'utf8').trim(), '1777', 'the private /tmp has /tmp\'s mode');
  t.false(readFileSync(join(reader.sandbox, 'seen'), 'utf8').includes(name));
  t.not(readFileSync(join(reader.sandbox, 'status'), 'utf8').trim(), '0');
  t.false(existsSync(join('/tmp', name)));
  await c.destroy('writer');
  t.deepEqual(hostTmpNow(), hostTmp, "the host's /tmp is unchanged");
});

test('ROOT_RelativeVolume: a relative host path lives in the sandbox, each level with the mode and owner of the host directory', async (t) => {
  const c = t.context.h.containerizer({ defaultVolumes: [{ container_path: '/var/tmp', host_path: 'var/tmp', mode: 'RW' }] });
  const file = randomUUID();
  const launched = await c.launch({ containerId: 'relative', command: { value: `touch /var/tmp/${file}` } });
  t.is((await launched.exited).exit_code, 0);
  for (const level of ['/var', '/var/tmp']) {
    const host = statSync(level);
    const copy = statSync(join(launched.sandbox, level));
    t.deepEqual([copy.mode, copy.uid, copy.gid], [host.mode, host.uid, host.gid], level);
  }
  t.false(existsSync(join('/var/tmp', file)));
  t.true(existsSync(join(launched.sandbox, 'var/tmp', file)));
});

test('ROOT_AbsoluteVolume: an absolute host path is mounted as is', async (t) => {
  const { h } = t.context;
  const hostDir = join(h.root, 'absolute');
  mkdirSync(hostDir);
  const c = h.containerizer();
  const file = randomUUID();
  const launched = await c.launch({
    containerId: 'absolute',
    containerInfo: { type: 'MESOS', volumes: [{ container_path: '/var/tmp', host_path: hostDir, mode: 'RW' }] },
    command: { value: `touch /var/tmp/${file}` },
  });
  t.is((await launched.exited).exit_code, 0);
  t.true(existsSync(join(hostDir, file)));
  t.false(existsSync(join('/var/tmp', file)));
});

test('a read-only volume refuses writes inside the container', async (t) => {
  const { h } = t.context;
  const hostDir = join(h.root, 'readonly');
  mkdirSync(hostDir);
  writeFileSync(join(hostDir, 'data'), 'keep');
  const r = await h.cli(['launch', '--container_id=ro', `--volume=/var/tmp:${hostDir}:ro`, '--', 'sh', '-c', 'cat /var/tmp/data; echo x > /var/tmp/data; echo x > /var/tmp/new']);
  t.not(r.exitCode, 0);
  t.is(r.stdout, 'keep');
  t.regex(String(r.stderr), /Read-only file system/);
  t.is(readFileSync(join(hostDir, 'data'), 'utf8'), 'keep');
  t.false(existsSync(join(hostDir, 'new')));
});

// Serial, and one at a time across files: it compares the whole host mount table.
test.serial('mount propagation is private: the host mount table is exactly as before, during, after, and after destroy', (t) => withHostMountTable(async () => {
  const before = mountinfo();
  const c = t.context.h.containerizer();
  const launched = await c.launch({ containerId: 'mounter', command: { value: 'mkdir -p /tmp/inner && mount -t tmpfs none /tmp/inner && touch ready && sleep 1000' } });
  for (let i = 0; i < 200 && !existsSync(join(launched.sandbox, 'ready')); i++) await new Promise((r) => setTimeout(r, 10));
  t.true(existsSync(join(launched.sandbox, 'ready')), 'the task mounted a tmpfs inside');
  t.is(mountinfo(), before, 'nothing reached the host while it runs');
  await c.destroy('mounter');
  t.is(mountinfo(), before);
  const ended = await c.launch({ containerId: 'ended', command: { value: 'true' } });
  await ended.exited;
  t.is(mountinfo(), before);
}));

test('nested volumes are applied parent first, whatever their order; paths compare by components', async (t) => {
  const { h } = t.context;
  const outer = join(h.root, 'x');
  const sibling = join(h.root, 'x2');
  mkdirSync(join(outer, 'sub'), { recursive: true });
  mkdirSync(sibling);
  const c = h.containerizer();
  const launched = await c.launch({
    containerId: 'nested',
    containerInfo: {
      type: 'MESOS',
      volumes: [
        { container_path: join(outer, 'sub'), host_path: 'inner', mode: 'RW' },
        { container_path: outer, host_path: 'outer', mode: 'RW' },
        { container_path: sibling, host_path: 'sibling', mode: 'RW' },
      ],
    },
    command: { value: `mkdir -p ${outer}/sub && touch ${outer}/sub/deep ${outer}/top ${sibling}/side` },
  });
  t.is((await launched.exited).exit_code, 0);
  t.true(existsSync(join(launched.sandbox, 'inner/deep')));
  t.true(existsSync(join(launched.sandbox, 'outer/top')));
  t.true(existsSync(join(launched.sandbox, 'sibling/side')));
  t.deepEqual(readdirSync(outer), ['sub'], 'the host directories are untouched');
  t.deepEqual(c.status('nested').volumes.map((v) => v.container_path), [outer, sibling, join(outer, 'sub')].sort((a, b) => a.split('/').length - b.split('/').length));
});

test('with a work dir under /tmp and a /tmp volume, the task still starts in its sandbox, at MESOS_SANDBOX', async (t) => {
  const { h } = t.context;
  t.true(h.workDir.startsWith('/tmp/'));
  const c = h.containerizer();
  const launched = await c.launch({ containerId: 'undertmp', command: { value: 'pwd > here; echo "$MESOS_SANDBOX" > env; ls "$MESOS_SANDBOX" > listing' } });
  t.is((await launched.exited).exit_code, 0);
  t.is(readFileSync(join(launched.sandbox, 'here'), 'utf8').trim(), launched.sandbox);
  t.is(readFileSync(join(launched.sandbox, 'env'), 'utf8').trim(), launched.sandbox);
  t.regex(readFileSync(join(launched.sandbox, 'listing'), 'utf8'), /here/);
});

test('paths with spaces, quotes, newlines, * and $(...) are just paths', async (t) => {
  const { h } = t.context;
  const weird = join(h.root, `we ird'"\n*$(touch ${h.root}/pwned)`);
  const c = h.containerizer({ defaultVolumes: [{ container_path: '/var/tmp', host_path: `d ir'"*$(touch ${h.root}/pwned2)`, mode: 'RW' }] });
  const launched = await c.launch({ containerId: 'weird', directory: weird, command: { value: '/bin/sh', shell: false, arguments: ['sh', '-c', 'touch /var/tmp/ok && pwd > "$MESOS_SANDBOX/here"'] } });
  t.is((await launched.exited).exit_code, 0);
  t.is(readFileSync(join(weird, 'here'), 'utf8'), `${weird}\n`);
  t.true(existsSync(join(weird, `d ir'"*$(touch ${h.root}/pwned2)`, 'ok')));
  t.false(existsSync(join(h.root, 'pwned')));
  t.false(existsSync(join(h.root, 'pwned2')));
});

test('with filesystem/shared off, the task sees the host /tmp', async (t) => {
  const { h } = t.context;
  const marker = join(h.root, `seen-${randomUUID()}`);
  writeFileSync(marker, 'host');
  const c = h.containerizer({ isolation: 'namespaces/pid' });
  const launched = await c.launch({ containerId: 'shared', command: { value: `cat ${marker} > copy` } });
  t.is((await launched.exited).exit_code, 0);
  t.is(readFileSync(join(launched.sandbox, 'copy'), 'utf8'), 'host');
  const on = h.containerizer({ isolation: 'namespaces/pid,filesystem/shared' });
  const isolated = await on.launch({ containerId: 'private', command: { value: `cat ${marker}` } });
  t.not((await isolated.exited).exit_code, 0, 'with it on, the host file is not in the private /tmp');
});

// Bad volumes: one clear line, exit 125, no mount, process or directory left
// beyond the sandbox (and the sandbox too, when the launch made it).
const bad: Array<{ title: string; args: (root: string) => string[]; message: RegExp }> = [
  { title: 'a relative container path', args: () => ['--volume=var/tmp:data'], message: /volume 'var\/tmp': the container path must be absolute/ },
  { title: 'a container path missing on the host', args: () => ['--volume=/no/such/dir:data'], message: /volume '\/no\/such\/dir': the container path '\/no\/such\/dir' must exist on the host/ },
  { title: "the container path '/'", args: () => ['--volume=/:data'], message: /volume '\/': the container path may not be '\/'/ },
  { title: "a host path with '..'", args: () => ['--volume=/var/tmp:data/../../escape'], message: /relative host path 'data\/..\/..\/escape' may not contain '..'/ },
  { title: 'a host path with a NUL byte', args: () => ['--default_container_info={"type":"MESOS","volumes":[{"container_path":"/var/tmp","host_path":"a\\u0000/etc","mode":"RW"}]}'], message: /contains a NUL byte/ },
  { title: 'two volumes on one container path', args: () => ['--volume=/var/tmp:a', '--volume=/var/tmp/:b'], message: /volume '\/var\/tmp': two volumes have this container path/ },
  { title: 'a missing absolute host path', args: (root) => [`--volume=/var/tmp:${root}/absent`], message: /the host path '\S+\/absent' does not exist/ },
  { title: 'a malformed --volume', args: () => ['--volume=/var/tmp'], message: /must be CONTAINER_PATH:HOST_PATH\[:ro\|rw\]/ },
  { title: 'a ContainerInfo of another type', args: () => ['--default_container_info={"type":"DOCKER","volumes":[]}'], message: /'type' must be "MESOS"/ },
  { title: 'a volume without a mode', args: () => ['--default_container_info={"type":"MESOS","volumes":[{"container_path":"/var/tmp","host_path":"x"}]}'], message: /'volumes\[0\].mode' must be "RW" or "RO"/ },
  { title: 'an absolute host volume that would hide the sandbox', args: (root) => [`--volume=/tmp:${root}`], message: /volume '\/tmp': it would hide the sandbox/ },
];

for (const c of bad) {
  // Serial, and one at a time across files: it compares the whole host mount table.
  test.serial(`launch rejects ${c.title}`, (t) => withHostMountTable(async () => {
    const { h } = t.context;
    const before = mountinfo();
    const r = await h.cli(['launch', '--container_id=bad', ...c.args(h.root), '--', 'true']);
    t.is(r.exitCode, 125);
    t.regex(String(r.stderr), c.message);
    t.is(String(r.stderr).trim().split('\n').length, 1);
    t.false(existsSync(h.sandbox('bad')), 'the sandbox it made is gone');
    t.false(existsSync(join(h.runtimeDir, 'containers', 'bad')));
    t.is(mountinfo(), before);
    t.deepEqual(h.ours(), []);
  }));
}

test('launch rejects a host path through a symlink planted in the sandbox, and writes nothing outside', async (t) => {
  const { h } = t.context;
  const sandbox = join(h.root, 'given-sandbox');
  const outside = join(h.root, 'outside');
  mkdirSync(sandbox);
  mkdirSync(outside);
  symlinkSync(outside, join(sandbox, 'planted'));
  const r = await h.cli(['launch', '--container_id=sneaky', `--directory=${sandbox}`, '--volume=/var/tmp:planted/deeper', '--', 'true']);
  t.is(r.exitCode, 125);
  t.regex(String(r.stderr), /volume '\/var\/tmp': host path 'planted\/deeper' goes through a symbolic link at '\S+\/planted'/);
  t.deepEqual(readdirSync(outside), [], 'nothing was made through the link');
  t.true(existsSync(sandbox), 'a sandbox the caller gave is left in place');
  t.deepEqual(h.ours(), []);
});

// Serial, and one at a time across files: it changes the host mount table, which other tests compare.
test.serial('a mount the task makes under a shared host mount does not propagate back', (t) => withHostMountTable(async () => {
  const { h } = t.context;
  // A shared mount on the host (systemd makes / shared; this machine does not):
  // without private propagation in the container, its mounts would reach here.
  const shared = join(h.root, 'shared');
  mkdirSync(join(shared, 'inner'), { recursive: true });
  const { execFileSync } = await import('node:child_process');
  execFileSync('mount', ['--bind', shared, shared]);
  try {
    execFileSync('mount', ['--make-shared', shared]);
    // No /tmp volume here: the task must see the host's path under /tmp.
    const c = h.containerizer({ isolation: 'namespaces/pid' });
    const launched = await c.launch({ containerId: 'propagate', command: { value: `mount -t tmpfs none ${shared}/inner && grep -c " ${shared}/inner " /proc/self/mountinfo` } });
    t.is((await launched.exited).exit_code, 0, 'the task mounted it inside');
    t.false(mountinfo().includes(` ${shared}/inner `), 'the host does not see it');
  } finally {
    execFileSync('umount', ['-R', shared]);
  }
}));
