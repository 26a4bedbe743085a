// Every error the CLI prints is one line, whatever it was built from (a
// garbage file, a multi-line cause, a newline in a flag); no stack trace
// unless --log_level=debug. None of this needs root: it runs for everyone.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import test from 'ava';
import { execa } from 'execa';

import { BIN, isRoot } from '../helpers/harness.js';

const scratch = mkdtempSync(join(tmpdir(), 'mct-errors-'));
test.after.always(() => rmSync(scratch, { recursive: true, force: true }));
const flags = [`--runtime_dir=${join(scratch, 'run')}`, `--work_dir=${join(scratch, 'work')}`];
const cli = (args: string[]) => execa(BIN, args, { reject: false, env: { NODE_EXTRA_CA_CERTS: '' } });

const garbage = join(scratch, 'garbage.json');
writeFileSync(garbage, 'garbage\nmore garbage\n');
const multiline = new URL('../../fixtures/modules/throws-multiline.mjs', import.meta.url).pathname;
const throwing = join(scratch, 'throwing.json');
writeFileSync(throwing, JSON.stringify({ libraries: [{ file: multiline, modules: [{ name: 'org_example_X' }] }] }));

const cases: Array<{ title: string; args: string[]; code: number; line: string | RegExp }> = [
  {
    title: 'a garbage --modules file (its newline is shown as \\n)',
    args: ['modules', 'check', `--modules=${garbage}`],
    code: 2,
    line: `mesos-containerizer: invalid --modules manifest: not valid JSON (Unexpected token 'g', "garbage\\nmo"... is not valid JSON) in '${garbage}'`,
  },
  {
    title: 'a library whose error has several lines',
    args: ['modules', 'check', `--modules=${throwing}`],
    code: 1,
    line: `mesos-containerizer: cannot load library '${multiline}': Error: the library could not start: reason one reason two`,
  },
  { title: 'a garbage --command', args: ['launch', '--container_id=x', ...flags, '--command={"value":\n"x"'], code: 125, line: /^mesos-containerizer: invalid CommandInfo: not valid JSON \(.*\)$/ },
  { title: 'a container id with a newline', args: ['status', '--container_id=a\nb', ...flags], code: 2, line: `mesos-containerizer: invalid container id "a\\nb": only letters, digits, '-', '_' and '.' are allowed` },
  { title: 'a bad --log_level (yargs)', args: ['status', '--container_id=x', '--log_level=loud', ...flags], code: 2, line: /^mesos-containerizer: Invalid values: Argument: log_level, Given: "loud", Choices: / },
];

for (const c of cases) {
  test(`one line, no stack trace: ${c.title}`, async (t) => {
    const r = await cli(c.args);
    t.is(r.exitCode, c.code, String(r.stderr));
    const lines = String(r.stderr).split('\n');
    t.deepEqual(lines.length, 1, String(r.stderr));
    if (typeof c.line === 'string') t.is(lines[0], c.line);
    else t.regex(lines[0]!, c.line);
  });
}

test('with --log_level=debug the stack and the cause follow the line', async (t) => {
  const r = await cli(['modules', 'check', `--modules=${throwing}`, '--log_level=debug']);
  t.is(r.exitCode, 1);
  const [first, ...rest] = String(r.stderr).split('\n');
  t.is(first, `mesos-containerizer: cannot load library '${multiline}': Error: the library could not start: reason one reason two`);
  const detail = rest.join('\n');
  t.regex(detail, /^\s+at loadLibrary /m, 'a stack trace');
  t.regex(detail, /\[cause\]: Error: the library could not start:\n\s+reason one\n\s+reason two/, 'the cause, as it was');
  t.regex(detail, /code: 'MODULE_LIBRARY_FAILED'/);
});

(isRoot ? test.skip : test)(`launch as a plain user is one line naming why, and makes nothing${isRoot ? ' (skipped: we are root here; scripts/test-as-user.sh runs it)' : ''}`, async (t) => {
  const r = await cli(['launch', '--container_id=mine', ...flags, '--', 'true']);
  t.deepEqual([r.exitCode, r.stderr, r.stdout], [125, "mesos-containerizer: launching container 'mine' needs root: it creates namespaces, mounts and cgroups", '']);
  t.false(existsSync(join(scratch, 'run')), 'no run directory');
  t.false(existsSync(join(scratch, 'work')), 'no sandbox');
});
