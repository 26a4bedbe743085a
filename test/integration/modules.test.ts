// Modules in a real launch: an isolator module really runs (prepare, isolate,
// cleanup), hooks really decorate, and every broken module stops the launch
// before anything runs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import { decorateStatus } from '../../src/containerizer/hooks.js';
import { createLogger } from '../../src/log/logger.js';
import { ModuleRegistry } from '../../src/modules/registry.js';
import type { HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

const fixtures = new URL('../../fixtures/modules/', import.meta.url).pathname;
const manifest = (file: string, name: string, parameters: Array<{ key: string; value: string }> = []): string =>
  JSON.stringify({ libraries: [{ file: join(fixtures, file), modules: [{ name, parameters }] }] });
const envIsolator = manifest('env-isolator.mjs', 'org_example_EnvIsolator', [{ key: 'variable', value: 'FROM_MODULE' }, { key: 'value', value: 'hello' }]);

test('an isolator module runs: the task sees its variable, prepare and isolate ran, cleanup runs on destroy', async (t) => {
  const { h } = t.context;
  const flags = [`--modules=${envIsolator}`, '--isolation=namespaces/pid,filesystem/shared,org_example_EnvIsolator'];
  const launched = await h.cli(['launch', '--container_id=mod', ...flags, '--detach', '--', 'sh', '-c', 'echo "$FROM_MODULE" > seen; sleep 1000']);
  t.is(launched.exitCode, 0, String(launched.stderr));
  const sandbox = h.sandbox('mod');
  for (let i = 0; i < 200 && !existsSync(join(sandbox, 'seen')); i++) await new Promise((r) => setTimeout(r, 10));
  t.is(readFileSync(join(sandbox, 'seen'), 'utf8'), 'hello\n');
  t.is(readFileSync(join(sandbox, 'isolator-prepared'), 'utf8'), 'mod');
  t.is(readFileSync(join(sandbox, 'isolator-isolated'), 'utf8'), String(JSON.parse(launched.stdout).pid), 'isolate got the init pid');
  t.false(existsSync(join(sandbox, 'isolator-cleaned-up')));
  const destroyed = await h.cli(['destroy', '--container_id=mod', `--modules=${envIsolator}`]);
  t.is(destroyed.exitCode, 0, String(destroyed.stderr));
  t.deepEqual(JSON.parse(readFileSync(join(sandbox, 'isolator-cleaned-up'), 'utf8')), { variable: 'FROM_MODULE' }, 'cleanup got what prepare kept');
});

test('a hook adds environment and labels to a launch, and decorates status updates', async (t) => {
  const { h } = t.context;
  const hooks = manifest('label-hook.mjs', 'org_example_LabelHook', [{ key: 'label', value: 'team' }]);
  const r = await h.cli(['launch', '--container_id=hooked', `--modules=${hooks}`, '--', 'sh', '-c', 'echo "$HOOKED"']);
  t.is(r.stdout, 'yes:hooked');
  t.like(JSON.parse((await h.cli(['status', '--container_id=hooked'])).stdout), { labels: { team: 'yes' } });

  const registry = await ModuleRegistry.load(JSON.parse(hooks));
  const status = await decorateStatus(registry.ofKind('Hook'), { task_id: { value: 't1' }, state: 'TASK_RUNNING' }, createLogger('silent'));
  t.deepEqual(status.labels, { labels: [{ key: 'team', value: 'TASK_RUNNING' }] });
});

test('a failing hook is logged and the launch goes on; a required one fails the launch and leaves nothing', async (t) => {
  const { h } = t.context;
  const failing = manifest('label-hook.mjs', 'org_example_FailingHook');
  const ok = await h.cli(['launch', '--container_id=survives', `--modules=${failing}`, '--', 'true']);
  t.is(ok.exitCode, 0);
  t.regex(String(ok.stderr), /hook failed before launch; going on without it/);
  t.regex(String(ok.stderr), /this hook always fails/);

  const required = manifest('label-hook.mjs', 'org_example_RequiredFailingHook');
  const bad = await h.cli(['launch', '--container_id=blocked', `--modules=${required}`, '--', 'true']);
  t.is(bad.exitCode, 125);
  t.is(String(bad.stderr).trim(), "mesos-containerizer: required hook 'org_example_RequiredFailingHook' failed before launch: this required hook always fails");
  t.false(existsSync(h.sandbox('blocked')));
  t.false(existsSync(join(h.runtimeDir, 'containers', 'blocked')));
});

const broken: Array<[string, string, string, RegExp]> = [
  ['wrong API version', 'wrong-api-version.mjs', 'org_example_OldApi', /module API version mismatch: this project has 2, the module requires 1/],
  ['too new', 'too-new.mjs', 'org_example_TooNew', /built for version 100.1.0, newer than this project \(0.21.0\)/],
  ['too old', 'too-old.mjs', 'org_example_TooOld', /built for version 0.1.0, older than 0.21.0/],
  ['compatible() false', 'incompatible.mjs', 'org_example_Incompatible', /its compatible\(\) check says it is incompatible/],
  ['an unknown kind', 'unknown-kind.mjs', 'org_example_Frobnicator', /unknown module kind 'Frobnicator'/],
  ['create() throws', 'create-throws.mjs', 'org_example_CreateThrows', /create\(\) failed: cannot create: the frobnicator is missing/],
  ['a syntax error', 'syntax-error.mjs', 'org_example_Broken', /cannot load library '\S+syntax-error.mjs': SyntaxError: /],
  ['a missing export', 'env-isolator.mjs', 'org_example_Missing', /library '\S+env-isolator.mjs' has no module 'org_example_Missing' \(it exports: org_example_EnvIsolator\)/],
];

for (const [what, file, name, message] of broken) {
  test(`a module with ${what} stops the launch before anything runs, naming library and module`, async (t) => {
    const { h } = t.context;
    const modules = manifest(file, name);
    const r = await h.cli(['launch', '--container_id=never', `--modules=${modules}`, `--isolation=namespaces/pid,${name}`, '--', 'touch', join(h.root, 'ran')]);
    t.is(r.exitCode, 125);
    t.regex(String(r.stderr), message);
    t.true(String(r.stderr).includes(file), 'names the library file');
    t.is(String(r.stderr).trim().split('\n').length, 1);
    t.false(existsSync(join(h.root, 'ran')), 'nothing ran');
    t.false(existsSync(h.sandbox('never')));

    const check = await h.cli(['modules', 'check', `--modules=${modules}`]);
    t.is(check.exitCode, 1);
    t.regex(String(check.stderr), message);
    const list = JSON.parse((await h.cli(['modules', 'list', '--json', `--modules=${modules}`])).stdout);
    t.like(list, [{ module: name, loads: false }]);
    t.regex(list[0].error, message);
  });
}

test('modules list shows each module with its kind, versions and description; check passes when all load', async (t) => {
  const { h } = t.context;
  const both = JSON.stringify({
    libraries: [
      { file: join(fixtures, 'env-isolator.mjs'), modules: [{ name: 'org_example_EnvIsolator', parameters: [{ key: 'variable', value: 'V' }, { key: 'value', value: '1' }] }] },
      { name: join(fixtures, 'label-hook'), modules: [{ name: 'org_example_LabelHook' }] },
    ],
  });
  const table = await h.cli(['modules', 'list', `--modules=${both}`]);
  t.regex(table.stdout, /^LIBRARY\s+MODULE\s+KIND\s+API\s+VERSION\s+LOADS/);
  t.regex(table.stdout, /env-isolator.mjs\s+org_example_EnvIsolator\s+Isolator\s+2\s+0.21.0\s+yes\s+Sets an environment variable/);
  t.regex(table.stdout, /label-hook\s+org_example_LabelHook\s+Hook\s+2\s+0.21.0\s+yes/);
  const check = await h.cli(['modules', 'check', `--modules=${both}`]);
  t.is(check.exitCode, 0);
  t.is(check.stdout, '2 module(s) load');
  const unknown = await h.cli(['launch', '--container_id=x', `--modules=${both}`, '--isolation=org_example_LabelHook', '--', 'true']);
  t.regex(String(unknown.stderr), /module 'org_example_LabelHook' is of kind 'Hook', but a 'Isolator' was requested/);
});
