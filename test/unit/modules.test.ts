// Mesos's 23 module tests (src/tests/module_tests.cpp, reference §3.5),
// translated to this project's loader, plus the version rules.
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import test from 'ava';

import type { Manifest } from '../../src/modules/manifest.js';
import { readManifest } from '../../src/modules/manifest.js';
import { ModuleRegistry } from '../../src/modules/registry.js';
import { verifyModule } from '../../src/modules/verify.js';

const fixtures = new URL('../../fixtures/modules/', import.meta.url).pathname;
const EXAMPLE = join(fixtures, 'example-module.mjs');
const NAME = 'org_apache_mesos_TestModule';

interface Example {
  foo(a: string, b: number): number;
  bar(a: number, b: number): number;
  baz(a: number, b: number): number;
}

function manifest(parameters: Array<{ key: string; value: string }> = [], library: { file?: string; name?: string } = { file: EXAMPLE }, module = NAME): Manifest {
  return { libraries: [{ ...library, modules: [{ name: module, parameters }] }] };
}

const example = (registry: ModuleRegistry): Example => registry.get(NAME, 'Hook') as unknown as Example;

test('ExampleModuleLoadTest', async (t) => {
  const registry = await ModuleRegistry.load(manifest());
  t.true(registry.contains(NAME, 'Hook'));
  t.is(example(registry).foo('A', 1024), 1089);
  t.is(example(registry).bar(0.5, 10.8), 5);
  t.is(example(registry).baz(5, 10), -1);
});

test('ParameterWithoutValue: create fails, so the module does not come up', async (t) => {
  await t.throwsAsync(ModuleRegistry.load(manifest([{ key: 'operation', value: '' }])), { code: 'MODULE_CREATE_FAILED', message: /module 'org_apache_mesos_TestModule' in library '\S+example-module.mjs': create\(\) failed: Invalid operation ''/ } as never);
});

test('ParameterWithInvalidValue', async (t) => {
  await t.throwsAsync(ModuleRegistry.load(manifest([{ key: 'operation', value: 'X' }])), { code: 'MODULE_CREATE_FAILED' } as never);
});

test('ParameterWithoutKey', async (t) => {
  t.is(example(await ModuleRegistry.load(manifest([{ key: '', value: 'sum' }]))).baz(5, 10), -1);
});

test('ParameterWithInvalidKey', async (t) => {
  t.is(example(await ModuleRegistry.load(manifest([{ key: 'X', value: 'sum' }]))).baz(5, 10), -1);
});

test('ValidParameters', async (t) => {
  t.is(example(await ModuleRegistry.load(manifest([{ key: 'operation', value: 'sum' }]))).baz(5, 10), 15);
});

test('JsonParseTest: the manifest parses from JSON, inline and from a file', async (t) => {
  const json = JSON.stringify({ libraries: [{ file: EXAMPLE, modules: [{ name: NAME, parameters: [{ key: 'operation', value: 'sum' }] }], ignored: true }] });
  t.is(example(await ModuleRegistry.load(readManifest(json))).baz(5, 10), 15);
  const path = join(tmpdir(), `mct-manifest-${process.pid}.json`);
  writeFileSync(path, json);
  t.teardown(() => rmSync(path, { force: true }));
  t.is(example(await ModuleRegistry.load(readManifest(`file://${path}`))).baz(5, 10), 15);
  t.is(example(await ModuleRegistry.load(readManifest(path))).baz(1, 2), 3);
});

test('ExampleModuleUnloadTest', async (t) => {
  const registry = await ModuleRegistry.load(manifest());
  registry.unload(NAME);
  t.throws(() => registry.unload(NAME), { message: /cannot unload module 'org_apache_mesos_TestModule': it is not loaded/ });
  t.throws(() => registry.unload('unknown'), { message: /cannot unload module 'unknown'/ });
});

test('InvalidModuleKind', async (t) => {
  await t.throwsAsync(ModuleRegistry.load(manifest([], { file: join(fixtures, 'unknown-kind.mjs') }, 'org_example_Frobnicator')), {
    message: /module 'org_example_Frobnicator' in library '\S+unknown-kind.mjs': unknown module kind 'Frobnicator' \(known kinds: Isolator, Hook, Allocator\)/,
  });
});

test('ModuleKindMismatch', async (t) => {
  const registry = await ModuleRegistry.load(manifest());
  t.true(registry.contains(NAME, 'Hook'));
  t.false(registry.contains(NAME, 'Isolator'));
  t.throws(() => registry.get(NAME, 'Isolator'), { message: /module 'org_apache_mesos_TestModule' is of kind 'Hook', but a 'Isolator' was requested/ });
  t.is(example(registry).foo('A', 1), 66, 'asked for as the kind it is, the module is the one created');
});

test('AuthorInfoTest', async (t) => {
  const [module] = (await ModuleRegistry.load(manifest())).list();
  t.like(module!.declaration, { authorName: 'Apache Mesos', authorEmail: 'modules@mesos.apache.org', description: 'This is a test module.' });
});

test('LibraryNameWithoutExtension: "name" finds the file', async (t) => {
  t.true((await ModuleRegistry.load(manifest([], { name: join(fixtures, 'example-module') }))).contains(NAME));
});

test('LibraryNameWithExtension', async (t) => {
  t.true((await ModuleRegistry.load(manifest([], { name: EXAMPLE }))).contains(NAME));
});

test('EmptyLibraryFilename', async (t) => {
  await t.throwsAsync(ModuleRegistry.load(manifest([], { file: '' })), { message: /a library has an empty "file"/ });
  await t.throwsAsync(ModuleRegistry.load(manifest([], {})), { message: /a library needs a "file" or a "name"/ });
});

test('EmptyModuleName', async (t) => {
  await t.throwsAsync(ModuleRegistry.load(manifest([], { file: EXAMPLE }, '')), { message: /a module of library '\S+' has no name/ });
});

test('UnknownLibraryTest', async (t) => {
  await t.throwsAsync(ModuleRegistry.load(manifest([], { file: '/nonexistent/libunknown.mjs' })), { message: "cannot open library '/nonexistent/libunknown.mjs': no such file" });
  await t.throwsAsync(ModuleRegistry.load(manifest([], { name: 'no-such-npm-package-anywhere' })), { message: /cannot find library 'no-such-npm-package-anywhere'/ });
});

test('UnknownModuleTest', async (t) => {
  await t.throwsAsync(ModuleRegistry.load(manifest([], { file: EXAMPLE }, 'unknown')), {
    message: /library '\S+example-module.mjs' has no module 'unknown' \(it exports: org_apache_mesos_TestModule\)/,
  });
});

test('UnknownModuleInstantiationTest', async (t) => {
  const registry = await ModuleRegistry.load(manifest());
  t.throws(() => registry.get('unknown', 'Hook'), { message: "module 'unknown' is not loaded (see --modules)" });
});

test('NonModuleLibrary', async (t) => {
  await t.throwsAsync(ModuleRegistry.load(manifest([], { file: join(fixtures, 'plain-library.mjs') })), { message: /has no module 'org_apache_mesos_TestModule' \(it exports: helper\)/ });
});

test('DuplicateModule', async (t) => {
  const twice: Manifest = { libraries: [...manifest().libraries, ...manifest([], { name: EXAMPLE }).libraries] };
  await t.throwsAsync(ModuleRegistry.load(twice), { message: /module 'org_apache_mesos_TestModule' is listed twice/ });
});

const declaration = { kind: 'Hook', moduleApiVersion: '2', mesosVersion: '0.21.0', authorName: 'a', authorEmail: 'e', description: 'd', compatible: () => true, create: () => ({}) };
const where = { library: '/lib.mjs', module: 'org_x' };

test('DifferentApiVersion', (t) => {
  for (const version of ['0', '1000', 'ThisIsNotAnAPIVersion!']) {
    t.throws(() => verifyModule({ ...declaration, moduleApiVersion: version }, where), {
      message: `module 'org_x' in library '/lib.mjs': module API version mismatch: this project has 2, the module requires ${version}`,
    });
  }
});

test('NewerModuleLibrary', (t) => {
  t.throws(() => verifyModule({ ...declaration, mesosVersion: '100.1.0' }, where), { message: /built for version 100.1.0, newer than this project \(0.21.0\)/ });
});

test('OlderModuleLibrary', (t) => {
  t.throws(() => verifyModule({ ...declaration, mesosVersion: '0.1.0' }, where), { message: /built for version 0.1.0, older than 0.21.0, the oldest this project accepts for 'Hook' modules/ });
});

test('kind minimum <= module version <= ours; without compatible() only an exact match', (t) => {
  const newer = { projectVersion: '0.29.0', kindMinimums: { Hook: '0.21.0' } };
  t.notThrows(() => verifyModule({ ...declaration, mesosVersion: '0.21.0' }, where, newer), 'older, with compatible()');
  t.throws(() => verifyModule({ ...declaration, compatible: undefined, mesosVersion: '0.21.0' }, where, newer), { message: /has no compatible\(\) check, so it must match this project's version 0.29.0 exactly/ });
  t.notThrows(() => verifyModule({ ...declaration, compatible: undefined, mesosVersion: '0.29.0-rc1' }, where, newer), 'the suffix after - is dropped');
  t.throws(() => verifyModule({ ...declaration, compatible: () => false }, where), { message: /its compatible\(\) check says it is incompatible/ });
  // The table of docs/modules.md: Mesos 0.18 with library 0.29 no; Mesos 0.29 with kind 0.21 and library 0.18 no.
  t.throws(() => verifyModule({ ...declaration, mesosVersion: '0.29.0' }, where, { projectVersion: '0.18.0', kindMinimums: { Hook: '0.18.0' } }));
  t.throws(() => verifyModule({ ...declaration, mesosVersion: '0.18.0' }, where, { projectVersion: '0.29.0', kindMinimums: { Hook: '0.21.0' } }));
  t.throws(() => verifyModule({ ...declaration, description: undefined }, where), { message: /missing fields: description/ });
});

test('manifests: unknown keys ignored; a parameter needs key and value; relative paths are not manifests', (t) => {
  t.deepEqual(readManifest('{"libraries":[{"file":"/x.mjs","extra":1,"modules":[{"name":"m","parameters":[{"key":"k","value":"v"}]}]}],"other":true}'), {
    libraries: [{ file: '/x.mjs', modules: [{ name: 'm', parameters: [{ key: 'k', value: 'v' }] }] }],
  });
  t.throws(() => readManifest('{"libraries":[{"file":"/x","modules":[{"name":"m","parameters":[{"key":"k"}]}]}]}'), { message: /parameters\[0\] needs both "key" and "value"/ });
  t.throws(() => readManifest('relative/manifest.json'), { message: /invalid --modules manifest: not valid JSON/ });
  t.throws(() => readManifest('/nonexistent/manifest.json'), { message: /cannot read the --modules manifest '\/nonexistent\/manifest.json'/ });
});
