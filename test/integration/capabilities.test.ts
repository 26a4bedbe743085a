// linux/capabilities: fewer privileges for root tasks (and some for others),
// read by the task itself from /proc/self/status.
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import type { ExecutionContext, TestFn } from 'ava';

import { fixtureProgram } from '../helpers/fixture-programs.js';
import type { Harness, HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

const ISOLATION = '--isolation=namespaces/pid,filesystem/shared,linux/capabilities';
const SHOW = ['--', 'grep', '-E', '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs):', '/proc/self/status'];

const bit = (...numbers: number[]): bigint => numbers.reduce((mask, n) => mask | (1n << BigInt(n)), 0n);
const CHOWN = 0;
const KILL = 5;
const NET_BIND_SERVICE = 10;
const SYS_ADMIN = 21;
/** What this (root) test process has: a task without restrictions gets the same. */
const OURS = BigInt(`0x${/^CapBnd:\s*(\w+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]}`);

interface Privileges {
  CapInh: bigint;
  CapPrm: bigint;
  CapEff: bigint;
  CapBnd: bigint;
  CapAmb: bigint;
  NoNewPrivs: bigint;
}

function parseStatus(text: string): Privileges {
  const fields = Object.fromEntries(text.trim().split('\n').map((line) => {
    const [name, value] = line.split(/:\s*/);
    return [name, name === 'NoNewPrivs' ? BigInt(value!) : BigInt(`0x${value}`)];
  }));
  return fields as unknown as Privileges;
}

async function privilegesOf(t: ExecutionContext, h: Harness, id: string, flags: string[]): Promise<Privileges> {
  const r = await h.cli(['launch', `--container_id=${id}`, ISOLATION, ...flags, ...SHOW]);
  t.is(r.exitCode, 0, String(r.stderr));
  return parseStatus(r.stdout);
}

test('--effective_capabilities: a root task has exactly those, in every set, across exec, with no_new_privs', async (t) => {
  const p = await privilegesOf(t, t.context.h, 'eff', ['--effective_capabilities=CHOWN,NET_BIND_SERVICE']);
  const want = bit(CHOWN, NET_BIND_SERVICE);
  t.deepEqual(p, { CapInh: want, CapPrm: want, CapEff: want, CapBnd: want, CapAmb: want, NoNewPrivs: 1n });
});

test('--effective_capabilities: a task run as nobody gets them too, through the ambient set', async (t) => {
  const p = await privilegesOf(t, t.context.h, 'effuser', ['--user=nobody', '--effective_capabilities=CAP_CHOWN,net_bind_service']);
  const want = bit(CHOWN, NET_BIND_SERVICE);
  t.deepEqual(p, { CapInh: want, CapPrm: want, CapEff: want, CapBnd: want, CapAmb: want, NoNewPrivs: 1n });
});

test('--bounding_capabilities wider than the effective set: the bounding set is that, the others the effective', async (t) => {
  const p = await privilegesOf(t, t.context.h, 'bnd', ['--effective_capabilities=CHOWN', '--bounding_capabilities=CHOWN,KILL']);
  t.deepEqual(p, { CapInh: bit(CHOWN, KILL), CapPrm: bit(CHOWN), CapEff: bit(CHOWN), CapBnd: bit(CHOWN, KILL), CapAmb: bit(CHOWN), NoNewPrivs: 1n });
});

test('--bounding_capabilities alone: a root task keeps what the bounding set allows; a task run as nobody has nothing', async (t) => {
  const { h } = t.context;
  const root = await privilegesOf(t, h, 'bndroot', ['--bounding_capabilities=CHOWN,KILL']);
  t.like(root, { CapPrm: bit(CHOWN, KILL), CapEff: bit(CHOWN, KILL), CapBnd: bit(CHOWN, KILL), CapAmb: 0n, NoNewPrivs: 1n });
  const nobody = await privilegesOf(t, h, 'bndnobody', ['--user=nobody', '--bounding_capabilities=CHOWN,KILL']);
  t.like(nobody, { CapPrm: 0n, CapEff: 0n, CapBnd: bit(CHOWN, KILL), CapAmb: 0n, NoNewPrivs: 1n });
});

test("linux/capabilities without flags: root's usual capabilities, and no_new_privs", async (t) => {
  const p = await privilegesOf(t, t.context.h, 'plain', []);
  t.like(p, { CapEff: OURS, CapBnd: OURS, CapAmb: 0n, NoNewPrivs: 1n });
});

test("per container: ContainerInfo.linux_info sets the container's capabilities within the flags' bounding set", async (t) => {
  const { h } = t.context;
  const c = h.containerizer({ isolation: 'namespaces/pid,linux/capabilities', boundingCapabilities: ['CHOWN', 'KILL'] });
  const launched = await c.launch({
    containerId: 'mine',
    containerInfo: { type: 'MESOS', volumes: [], linux_info: { effective_capabilities: { capabilities: ['KILL'] } } },
    command: { value: 'grep -E "^Cap(Eff|Bnd):" /proc/self/status > caps' },
  });
  t.is((await launched.exited).exit_code, 0);
  t.deepEqual(parseStatus(readFileSync(join(launched.sandbox, 'caps'), 'utf8')), { CapEff: bit(KILL), CapBnd: bit(CHOWN, KILL) } as unknown as Privileges);
  t.like(c.status('mine').capabilities, { effective: ['KILL'], bounding: ['CHOWN', 'KILL'], no_new_privs: true });
});

for (const [what, linuxInfo, message] of [
  ['effective capabilities beyond the bounding flag', { effective_capabilities: { capabilities: ['SYS_ADMIN'] } }, /effective capabilities SYS_ADMIN are not within the bounding set CHOWN, KILL/],
  ['a bounding set beyond the bounding flag', { bounding_capabilities: { capabilities: ['CHOWN', 'NET_RAW'] } }, /bounding capabilities NET_RAW are not within --bounding_capabilities \(CHOWN, KILL\)/],
] as const) {
  test(`per container: ${what} is refused, leaving nothing`, async (t) => {
    const { h } = t.context;
    const c = h.containerizer({ isolation: 'namespaces/pid,linux/capabilities', boundingCapabilities: ['CHOWN', 'KILL'] });
    await t.throwsAsync(c.launch({ containerId: 'greedy', containerInfo: { type: 'MESOS', volumes: [], linux_info: linuxInfo }, command: { value: 'true' } }), {
      code: 'INVALID_CAPABILITIES',
      message,
    });
    t.deepEqual(c.containers(), []);
    t.false(existsSync(h.sandbox('greedy')));
    t.deepEqual(h.ours(), []);
  });
}

const badFlags: Array<[string, string[], RegExp]> = [
  ['an unknown capability name', [ISOLATION, '--effective_capabilities=CHOWN,FLY'], /unknown capability 'FLY' in --effective_capabilities/],
  ['an unknown name in the bounding flag', [ISOLATION, '--bounding_capabilities=SYS_NOTHING'], /unknown capability 'SYS_NOTHING' in --bounding_capabilities/],
  ['an effective flag beyond the bounding flag', [ISOLATION, '--effective_capabilities=CHOWN,KILL', '--bounding_capabilities=CHOWN'], /--effective_capabilities \(CHOWN, KILL\) must be within --bounding_capabilities \(CHOWN\)/],
  ['capability flags without the isolator', ['--effective_capabilities=CHOWN'], /--effective_capabilities has no effect without linux\/capabilities in --isolation/],
  ['an unknown name in a ContainerInfo', [ISOLATION, '--default_container_info={"type":"MESOS","linux_info":{"effective_capabilities":{"capabilities":["CHOWN","FLY"]}}}'], /'linux_info\.effective_capabilities\.capabilities\[1\]' is an unknown capability 'FLY'/],
];

for (const [what, flags, message] of badFlags) {
  test(`launch refuses ${what} in one line, before anything is made`, async (t) => {
    const { h } = t.context;
    const r = await h.cli(['launch', '--container_id=bad', ...flags, '--', 'true']);
    t.is(r.exitCode, 125);
    t.regex(String(r.stderr), message);
    t.is(String(r.stderr).trim().split('\n').length, 1);
    t.false(existsSync(join(h.runtimeDir, 'containers', 'bad')));
    t.false(existsSync(h.sandbox('bad')));
    t.deepEqual(h.ours(), []);
  });
}

test("enter gives the entered process the container's capabilities and no_new_privs", async (t) => {
  const { h } = t.context;
  const r = await h.cli(['launch', '--container_id=limited', '--detach', ISOLATION, '--effective_capabilities=CHOWN', '--', 'sleep', '1000']);
  t.is(r.exitCode, 0, String(r.stderr));
  const entered = await h.cli(['enter', '--container_id=limited', ...SHOW]);
  t.is(entered.exitCode, 0, String(entered.stderr));
  t.like(parseStatus(entered.stdout), { CapEff: bit(CHOWN), CapBnd: bit(CHOWN), NoNewPrivs: 1n });
});

test('without CAP_SYS_ADMIN a root task cannot remount a read-only volume read-write or mount anything; with it, it can', async (t) => {
  const { h } = t.context;
  const hostDir = join(h.root, 'ro');
  mkdirSync(hostDir);
  writeFileSync(join(hostDir, 'data'), 'keep');
  const attempt = ['sh', '-c', 'mount -o remount,bind,rw /var/tmp && echo remounted; mount -t tmpfs none /mnt && echo mounted; echo x > /var/tmp/data && echo wrote; true'];
  const volume = `--volume=/var/tmp:${hostDir}:ro`;
  const dropped = await h.cli(['launch', '--container_id=nosysadmin', ISOLATION, volume, '--bounding_capabilities=CHOWN,DAC_OVERRIDE,FOWNER,KILL,SETUID,SETGID', '--', ...attempt]);
  t.is(dropped.stdout, '', String(dropped.stderr));
  t.regex(String(dropped.stderr), /permission denied/i);
  t.regex(String(dropped.stderr), /Read-only file system/);
  t.is(readFileSync(join(hostDir, 'data'), 'utf8'), 'keep');
  t.deepEqual(readdirSync(hostDir), ['data']);

  // What the README says: read-only holds against a task without CAP_SYS_ADMIN only.
  const full = await h.cli(['launch', '--container_id=sysadmin', ISOLATION, volume, '--', ...attempt]);
  t.is(full.stdout, 'remounted\nmounted\nwrote', String(full.stderr));
  t.is(readFileSync(join(hostDir, 'data'), 'utf8'), 'x\n');
});

test("what the README warns: the root is shared, so a root task with no capability at all still writes root's files; nobody does not", async (t) => {
  const { h } = t.context;
  chmodSync(h.root, 0o755);
  const file = join(h.root, 'root-owned');
  writeFileSync(file, 'host\n', { mode: 0o644 });
  const write = ['--isolation=namespaces/pid,linux/capabilities', '--', 'sh', '-c', `echo task >> ${file}`];
  const root = await h.cli(['launch', '--container_id=nocaps', '--effective_capabilities=', '--bounding_capabilities=', ...write]);
  t.is(root.exitCode, 0, String(root.stderr));
  const nobody = await h.cli(['launch', '--container_id=nobody', '--user=nobody', ...write]);
  t.regex(String(nobody.stderr), /Permission denied/);
  t.is(readFileSync(file, 'utf8'), 'host\ntask\n', 'uid 0 owns the file: no capability is needed to write it');
});

test('a setuid-root program raises a task run as nobody to euid 0, unless linux/capabilities sets no_new_privs', async (t) => {
  const { h } = t.context;
  chmodSync(h.root, 0o755);
  const program = join(h.root, 'print-euid');
  copyFileSync(fixtureProgram('print-euid'), program);
  chownSync(program, 0, 0);
  chmodSync(program, 0o4755);
  const plain = await h.cli(['launch', '--container_id=suid', '--isolation=namespaces/pid', '--user=nobody', '--', program]);
  t.is(plain.stdout, '0', String(plain.stderr));
  const guarded = await h.cli(['launch', '--container_id=nnp', '--isolation=namespaces/pid,linux/capabilities', '--user=nobody', '--', program]);
  t.is(guarded.stdout, '65534', String(guarded.stderr));
});
