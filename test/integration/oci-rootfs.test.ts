// What a container of the OCI runtime sees, checked from inside: its rootfs
// (pivot_root or --no-pivot), mounts that stay inside it whatever the
// image's symlinks say, masked and read-only paths, devices, hostname,
// sysctl, user namespace, capabilities, rlimits, joined namespaces, hooks.
import { chmodSync, existsSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { OciConfig } from '../../src/oci/schema/config.js';
import { rootOnly } from '../helpers/harness.js';
import type { OciContext, OciHarness } from '../helpers/oci-harness.js';
import { ociMissing, useOciHarness } from '../helpers/oci-harness.js';

const test = rootOnly(anyTest as TestFn<OciContext>);
const maybe = ociMissing ? test.skip : test;
useOciHarness(test);

/** Runs script in a container of the given config to its end; its output. */
async function runInside(h: OciHarness, id: string, script: string, change?: (c: OciConfig) => void, extra: string[] = []): Promise<string> {
  const created = await h.create(id, h.bundle(id, change, ['sh', '-c', script]), extra);
  if (created.exitCode !== 0) throw new Error(`create: ${created.errorText}`);
  const started = await h.run(['start', id]);
  if (started.exitCode !== 0) throw new Error(`start: ${String(started.stderr)}`);
  const state = await h.waitFor(id, 'stopped');
  if (state.status !== 'stopped') throw new Error(`${id} did not stop: ${state.status}`);
  await h.run(['delete', id]);
  return h.output(id) + readFileSync(join(h.root, `${id}.out.err`), 'utf8');
}

maybe('the container sees its rootfs and its own /proc, not the host\'s', async (t) => {
  const { h } = t.context;
  writeFileSync(join(h.rootfs(), 'etc/marker'), 'inside');
  const out = await runInside(h, 'c1', 'cat /etc/marker; echo; cat /proc/1/comm; test -e /work && echo host-visible; echo done');
  t.is(out, 'inside\nsh\ndone\n', 'its program is pid 1 of its /proc; nothing of the host');
});

maybe('--no-pivot: the rootfs moved onto / and chrooted into works the same from inside', async (t) => {
  const { h } = t.context;
  writeFileSync(join(h.rootfs(), 'etc/marker'), 'moved');
  t.is(await runInside(h, 'c1', 'cat /etc/marker', undefined, ['--no-pivot']), 'moved');
});

maybe('a mount destination through an image symlink that points out of the rootfs lands inside it', async (t) => {
  const { h } = t.context;
  const escape = `/etc/mct-escape-${h.cgroupPrefix.slice(9)}`;
  symlinkSync('/../../../../../../etc', join(h.rootfs(), 'evil'));
  symlinkSync('/proc/self/root/etc', join(h.rootfs(), 'magic'));
  const out = await runInside(h, 'c1', `test -d ${escape} && echo mounted-inside`, (c) => {
    c.mounts!.push({ destination: `/evil/${escape.slice(5)}`, type: 'tmpfs', source: 'tmpfs' });
  });
  t.is(out, 'mounted-inside\n');
  t.true(existsSync(join(h.rootfs(), escape)), 'the mount point was made in the rootfs');
  t.false(existsSync(escape), 'nothing was made in the host\'s /etc');
  rmSync(join(h.rootfs(), escape), { recursive: true, force: true });
  // a /proc magic link is not followed at all
  const bad = await h.create('c2', h.bundle('c2', (c) => c.mounts!.push({ destination: '/magic/mct-x', type: 'tmpfs', source: 'tmpfs' })));
  t.is(bad.exitCode, 1);
  t.regex(bad.errorText, /cannot make the mount point \/magic\/mct-x in the rootfs/);
});

maybe('masked paths read empty, read-only paths and a read-only root refuse writes', async (t) => {
  const { h } = t.context;
  writeFileSync(join(h.rootfs(), 'etc/secret'), 'secret');
  mkdirSync(join(h.rootfs(), 'secrets'));
  writeFileSync(join(h.rootfs(), 'secrets/key'), 'key');
  const out = await runInside(h, 'c1', 'wc -c < /etc/secret; ls /secrets | wc -l; echo 1 > /proc/sys/kernel/domainname || echo ro-sys; touch /x || echo ro-root', (c) => {
    c.root!.readonly = true;
    c.linux!.maskedPaths = ['/etc/secret', '/secrets', '/not/there'];
  });
  t.regex(out, /^0\n0\nro-sys\nro-root\n/);
});

maybe('devices: the defaults are real nodes, even where the image has a file in their place', async (t) => {
  const { h } = t.context;
  mkdirSync(join(h.rootfs(), 'imgdev'));
  const out = await runInside(h, 'c1', 'stat -c "%t:%T %a" /dev/null /dev/zero /dev/urandom; test -L /dev/ptmx && echo ptmx-link; echo hi > /dev/null && echo writable', (c) => {
    c.mounts = c.mounts!.filter((m) => m.destination !== '/dev' && !m.destination.startsWith('/dev/'));
    c.linux!.devices = [{ type: 'c', path: '/dev/fuse', major: 10, minor: 229, fileMode: 0o600 }];
  });
  t.is(out, '1:3 666\n1:5 666\n1:9 666\nptmx-link\nwritable\n');
  // the image's own /dev was not a tmpfs here: the nodes were made in it (and replace files)
  writeFileSync(join(h.rootfs(), 'dev/null'), 'not a device');
  const again = await runInside(h, 'c2', 'stat -c "%F" /dev/null', (c) => (c.mounts = c.mounts!.filter((m) => !m.destination.startsWith('/dev'))));
  t.is(again, 'character special file\n');
});

maybe('hostname, a namespaced sysctl, rlimits, capabilities and no_new_privs, as configured', async (t) => {
  const { h } = t.context;
  const out = await runInside(h, 'c1', 'hostname; cat /proc/sys/net/ipv4/ip_forward; ulimit -n; grep -E "^(CapEff|CapBnd|NoNewPrivs)" /proc/self/status', (c) => {
    c.hostname = 'mct-host';
    c.linux!.sysctl = { 'net.ipv4.ip_forward': '1' };
    c.process!.rlimits = [{ type: 'RLIMIT_NOFILE', soft: 512, hard: 1024 }];
    c.process!.capabilities = { bounding: ['CAP_KILL', 'CAP_CHOWN'], effective: ['CAP_KILL'], permitted: ['CAP_KILL'] };
  });
  t.is(out, 'mct-host\n1\n512\nCapEff:\t0000000000000020\nCapBnd:\t0000000000000021\nNoNewPrivs:\t1\n');
});

maybe('a user namespace: root inside is the mapped host uid, maps written as configured', async (t) => {
  const { h } = t.context;
  chmodSync(h.root, 0o755); // the mapped root must reach the rootfs (runc needs the same)
  const out = await runInside(h, 'c1', 'id -u; cat /proc/self/uid_map /proc/self/gid_map; stat -c %u /bin/busybox', (c) => {
    c.linux!.namespaces!.push({ type: 'user' });
    c.linux!.uidMappings = [{ containerID: 0, hostID: 200000, size: 65536 }];
    c.linux!.gidMappings = [{ containerID: 0, hostID: 200000, size: 65536 }];
  });
  t.is(out.replace(/ +/g, ' '), '0\n 0 200000 65536\n 0 200000 65536\n65534\n', 'the host\'s root owns the rootfs: nobody inside');
});

maybe('namespaces joined by path: a second container in the first one\'s network, ipc and uts namespaces', async (t) => {
  const { h } = t.context;
  await h.create('pause', h.bundle('pause', (c) => (c.hostname = 'pod')));
  const { pid } = await h.state('pause');
  const out = await runInside(h, 'app', 'hostname; readlink /proc/self/ns/net', (c) => {
    delete c.hostname;
    c.linux!.namespaces = c.linux!.namespaces!.map((n) => (['network', 'ipc', 'uts'].includes(n.type) ? { type: n.type, path: `/proc/${pid}/ns/${n.type === 'network' ? 'net' : n.type}` } : n));
  });
  t.is(out, `pod\n${readlinkSync(`/proc/${pid}/ns/net`)}\n`);
  const wrong = await h.create('bad', h.bundle('bad', (c) => (c.linux!.namespaces = c.linux!.namespaces!.map((n) => (n.type === 'ipc' ? { type: 'ipc', path: `/proc/${pid}/ns/net` } : n)))));
  t.is(wrong.exitCode, 1);
  t.regex(wrong.errorText, /\/proc\/\d+\/ns\/net is not a ipc namespace/);
});

maybe('hooks run in order, each with the state on stdin: outside ones by the front-end, inside ones in the container', async (t) => {
  const { h } = t.context;
  const log = join(h.root, 'hooks.log');
  const hook = (name: string) => ({ path: '/bin/sh', args: ['sh', '-c', `read s; echo "${name} $s" >> ${log}`] });
  const inside = (name: string) => ({ path: '/bin/sh', args: ['sh', '-c', `read s; echo "${name} $s" >> /tmp/hooks.log; cp /tmp/hooks.log /hooks.log 2>/dev/null; true`] });
  await runInside(h, 'c1', 'cat /tmp/hooks.log', (c) => {
    c.hooks = {
      prestart: [hook('prestart')],
      createRuntime: [hook('createRuntime')],
      createContainer: [hook('createContainer')],
      startContainer: [inside('startContainer')],
      poststart: [hook('poststart')],
      poststop: [hook('poststop')],
    };
  });
  const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => {
    const [name, json] = [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)];
    const state = JSON.parse(json) as { status: string; id: string; pid: number };
    return `${name}:${state.status}:${state.id}:${state.pid > 0 || state.status === 'stopped'}`;
  });
  t.deepEqual(lines, ['prestart:created:c1:true', 'createRuntime:creating:c1:true', 'createContainer:creating:c1:true', 'poststart:running:c1:true', 'poststop:stopped:c1:true']);
  t.regex(h.output('c1'), /^startContainer \{.*"status":"created"/, 'startContainer ran in the container, before the program');
});

maybe('a failing createRuntime hook fails create with its output, and leaves nothing', async (t) => {
  const { h } = t.context;
  const result = await h.create('c1', h.bundle('c1', (c) => (c.hooks = { createRuntime: [{ path: '/bin/sh', args: ['sh', '-c', 'echo no-way; exit 3'] }] })));
  t.is(result.exitCode, 1);
  t.regex(result.errorText, /a prestart or createRuntime hook failed/);
  t.regex(readFileSync(h.log, 'utf8'), /createRuntime hook \/bin\/sh exited with status 3: no-way/);
});
