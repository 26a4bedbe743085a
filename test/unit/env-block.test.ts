import test from 'ava';

import { decodeEnvironment, encodeEnvironment } from '../../src/launcher/env-block.js';

test('the env block: NAME=VALUE entries each ended by NUL, values kept byte for byte', (t) => {
  const env = { A: 'x=y', B: '', C: 'line\nbreak', D: 'ünïcode' };
  const block = encodeEnvironment(env);
  t.is(block.toString(), 'A=x=y\0B=\0C=line\nbreak\0D=ünïcode\0');
  t.deepEqual(decodeEnvironment(block), env);
  t.is(encodeEnvironment({}).length, 0);
});

test('the env block refuses what it cannot carry, naming the variable', (t) => {
  t.throws(() => encodeEnvironment({ BAD: 'a\0b' }), { code: 'INVALID_ENVIRONMENT', message: "environment variable 'BAD' contains a NUL byte" });
  t.throws(() => encodeEnvironment({ 'A=B': 'c' }), { code: 'INVALID_ENVIRONMENT', message: /invalid environment variable name "A=B"/ });
  t.throws(() => encodeEnvironment({ '': 'c' }), { code: 'INVALID_ENVIRONMENT' });
});
