import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import test from 'ava';

import { Registry } from '../../src/master/registry/registry.js';

const agent = (id: string) => ({ id, info: { hostname: 'h', resources: [] }, address: { ip: '127.0.0.1', port: 5051 } });

test('admitted and removed agents are on disk when the promise resolves, and read back', async (t) => {
  const dir = mkdtempSync('/tmp/mct-registry-');
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const registry = await Registry.open(dir);
  await registry.admit(agent('a1'));
  await registry.admit(agent('a2'));
  await registry.remove('a1');
  const onDisk = JSON.parse(readFileSync(join(dir, 'registry.json'), 'utf8'));
  t.deepEqual(onDisk.agents.map((a: { id: string }) => a.id), ['a2']);
  t.deepEqual(onDisk.removed, ['a1']);
  t.deepEqual(readdirSync(dir), ['registry.json'], 'no temporary file is left');

  const again = await Registry.open(dir);
  t.deepEqual(again.knownAgents().map((a) => a.id), ['a2']);
  t.true(again.isRemoved('a1'));
});

test('changes made while a write is under way share the next write, and each resolves only once it is durable', async (t) => {
  const dir = mkdtempSync('/tmp/mct-registry-');
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const registry = await Registry.open(dir);
  const writes = Array.from({ length: 50 }, (_, i) => registry.admit(agent(`a${i}`)));
  await writes[10];
  t.true(JSON.parse(readFileSync(join(dir, 'registry.json'), 'utf8')).agents.length >= 11);
  await Promise.all(writes);
  t.is(JSON.parse(readFileSync(join(dir, 'registry.json'), 'utf8')).agents.length, 50);
  t.true(registry.writeCount <= 3, `50 changes took ${registry.writeCount} writes`);
});

test('an unreadable registry stops the start with one line naming the file and the way out', async (t) => {
  const dir = mkdtempSync('/tmp/mct-registry-');
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'registry.json'), '{"version":1,"agents":[{"id":"a"}]}');
  await t.throwsAsync(Registry.open(dir), {
    code: 'REGISTRY_UNREADABLE',
    message: `invalid registry ${join(dir, 'registry.json')}: 'agents[0].info' is required (and 1 more problem) (move the file away to start with an empty registry: every agent then registers anew)`,
  });
});
