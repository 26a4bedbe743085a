// The JSON documents the OCI mode reads: one-line errors that name the file
// and the field; unknown fields ignored (the runtime spec's extensibility).
import test from 'ava';

import { ConfigSchema } from '../../src/oci/schema/config.js';
import { parseDocument } from '../../src/oci/schema/parse.js';
import { ProcessSchema } from '../../src/oci/schema/process.js';
import { ResourcesSchema } from '../../src/oci/schema/resources.js';
import { defaultConfig } from '../helpers/oci-config.js';

test('a config with fields this runtime does not know parses, without them', (t) => {
  const text = JSON.stringify({ ...defaultConfig(), vm: { hypervisor: {} }, process: { ...defaultConfig().process, scheduler: { policy: 'x' } } });
  const config = parseDocument(ConfigSchema, text, '/b/config.json');
  t.is(config.process?.args?.[0], 'sh');
  t.false('vm' in config);
});

test('not JSON: the file and JSON.parse\'s complaint, on one line', (t) => {
  const error = t.throws(() => parseDocument(ConfigSchema, '{"ociVersion":\n', '/b/config.json'));
  t.regex(error!.message, /^\/b\/config\.json: not valid JSON: /);
  t.false(error!.message.includes('\n'));
  t.is((error as { code?: string }).code, 'OCI_INVALID_CONFIG');
});

test('a wrong type names the field with its path', (t) => {
  const config = defaultConfig();
  (config.process!.user as unknown as { uid: string }).uid = 'root';
  const error = t.throws(() => parseDocument(ConfigSchema, JSON.stringify(config), '/b/config.json'));
  t.is(error!.message, '/b/config.json: process.user.uid: expected a number');
});

test('a missing required field, and how many more there are', (t) => {
  const error = t.throws(() => parseDocument(ProcessSchema, JSON.stringify({ args: [1] }), '/tmp/p.json'));
  t.is(error!.message, '/tmp/p.json: args[0]: expected a string (and 1 more)');
});

test('numbers are checked for the range of their kernel type', (t) => {
  const error = t.throws(() => parseDocument(ProcessSchema, JSON.stringify({ cwd: '/', user: { uid: -1 } }), 'p.json'));
  t.is(error!.message, 'p.json: user.uid: expected an integer from 0 to 4294967295');
  const fraction = t.throws(() => parseDocument(ResourcesSchema, JSON.stringify({ pids: { limit: 1.5 } }), 'r.json'));
  t.is(fraction!.message, 'r.json: pids.limit: expected an integer');
  t.is(parseDocument(ResourcesSchema, JSON.stringify({ memory: { limit: -1 } }), 'r.json').memory?.limit, -1);
});
