// The README's install step and example session, as a newcomer runs them:
// a fresh clone of this repository, the install command as written (npm ci,
// npm install -g .), then each command of the session as written, with the
// installed commands found on the PATH. npm's global prefix is a scratch
// directory (npm_config_prefix), so nothing is installed on this machine for
// good; the containers of the session are destroyed and forgotten.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

import anyTest from 'ava';
import type { ExecutionContext, TestFn } from 'ava';

import type { HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

const repository = new URL('../../', import.meta.url).pathname;
const readme = readFileSync(join(repository, 'README.md'), 'utf8');

/** The fenced block right after an HTML comment marker. */
function blockAfter(marker: string): string[] {
  const at = readme.indexOf(`<!-- ${marker} -->`);
  const block = readme.slice(at).split('```')[1]!;
  return block.split('\n').slice(1, -1);
}

/** The session: each `# command` with the output shown under it. */
function session(): Array<{ command: string; expected: string[] }> {
  const steps: Array<{ command: string; expected: string[] }> = [];
  for (const line of blockAfter('example-session')) {
    if (line.startsWith('# ')) steps.push({ command: line.slice(2), expected: [] });
    else steps.at(-1)!.expected.push(line);
  }
  return steps;
}

/**
 * Words with a digit (pids, times) and '...' stand for any value, a process
 * state for any state (a process starting up runs), and a program may be
 * shown by its path.
 */
function sameWord(expected: string, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  if (expected === '...' || (/\d/.test(expected) && /\d/.test(actual))) return true;
  if (/^[RSD]$/.test(expected) && /^[RSD]$/.test(actual)) return true;
  return expected === actual || actual.endsWith(`/${expected}`);
}

function assertOutput(t: ExecutionContext, command: string, expected: string[], actual: string): void {
  if (expected[0]?.startsWith('{')) {
    // JSON: every field shown is there; those without digits have the value shown.
    const shown = JSON.parse(expected.join('\n').replace(/,\.\.\.,/g, ',').replace(/,\.\.\.}/g, '}')) as Record<string, unknown>;
    const got = JSON.parse(actual) as Record<string, unknown>;
    for (const [key, value] of Object.entries(shown)) {
      t.true(key in got, `${command}: has ${key}`);
      if (!/\d/.test(JSON.stringify(value))) t.deepEqual(got[key], value, `${command}: ${key}`);
    }
    return;
  }
  const lines = actual.trimEnd().split('\n');
  t.is(lines.length, expected.length, `${command}: ${actual}`);
  expected.forEach((line, i) => {
    const want = line.trim().split(/\s+/);
    const have = (lines[i] ?? '').trim().split(/\s+/);
    t.true(want.length === have.length && want.every((word, j) => sameWord(word, have[j])), `${command}, line ${i + 1}: ${lines[i]} (README: ${line})`);
  });
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const python = spawnSync('python3', ['--version'], { stdio: 'ignore', env: { PATH: SYSTEM_PATH } }).status === 0;

(python ? test.serial : test.skip)("the README's install step and example session, from a fresh clone", async (t) => {
  t.timeout(15 * 60_000);
  if (!(await portFree(8080))) {
    t.log('port 8080 is taken here: the session serves on it, so it is not run');
    t.pass();
    return;
  }
  const { h } = t.context;
  const clone = join(h.root, 'clone');
  const prefix = join(h.root, 'npm-global');
  execFileSync('git', ['clone', '--quiet', repository, clone]);
  const env = { ...process.env, npm_config_prefix: prefix, npm_config_fund: 'false', npm_config_audit: 'false' };
  const installedBin = join(prefix, 'bin');
  const cli = join(clone, 'bin', 'mesos-containerizer');
  try {
    for (const line of blockAfter('install-command')) {
      const r = spawnSync('sh', ['-c', line], { cwd: clone, env, encoding: 'utf8' });
      t.is(r.status, 0, `${line}: ${r.stderr}`);
    }
    const bins = Object.keys((JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin);
    t.deepEqual(readdirSync(installedBin).sort(), bins.sort(), 'every command of "bin" is on the PATH');
    for (const name of bins) t.is(realpathSync(join(installedBin, name)), realpathSync(join(clone, 'bin', name)), `${name} runs from the clone`);

    // A newcomer's PATH: the system's directories (where `node` and `python3`
    // are), not this machine's own (a pyenv shim for python3 is a bash
    // script whose helpers `ps` would show), with the installed commands first.
    const sessionEnv = { ...env, PATH: `${installedBin}:${dirname(process.execPath)}:${SYSTEM_PATH}` };
    for (const { command, expected } of session()) {
      const r = spawnSync('sh', ['-c', command], { cwd: h.root, env: sessionEnv, encoding: 'utf8', timeout: 60_000 });
      t.is(r.status, 0, `${command}: ${r.stderr}`);
      assertOutput(t, command, expected, r.stdout);
    }
  } finally {
    // Whatever the session left (a step failed), then what the install made.
    if (existsSync(cli)) {
      spawnSync(cli, ['destroy', '--container_id=web'], { stdio: 'ignore' });
      for (const id of ['hello', 'web']) spawnSync(cli, ['gc', `--container_id=${id}`], { stdio: 'ignore' });
    }
    spawnSync('npm', ['uninstall', '-g', 'mesos-containerizer'], { cwd: h.root, env, stdio: 'ignore' });
  }
  t.deepEqual(existsSync(installedBin) ? readdirSync(installedBin) : [], [], 'npm uninstall -g removes the commands');
});
