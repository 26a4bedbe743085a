// The agent's /files/read on real files: an answer says how many bytes of
// the file it covers, and never cuts a UTF-8 character in two, so a reader
// that follows a log (the web UI) advances by exactly what it was given.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import test from 'ava';

import { read } from '../../src/agent/http/sandbox-files.js';

const sandbox = mkdtempSync('/tmp/mct-sandbox-read-');
test.after.always(() => rmSync(sandbox, { recursive: true, force: true }));

// a (1 byte), é (2), € (3), b (1): 7 bytes
writeFileSync(join(sandbox, 'utf8'), 'aé€b');
writeFileSync(join(sandbox, 'binary'), Buffer.from([0xff, 0x41, 0xfe]));

const readAt = (name: string, offset: number, length?: number) => read([sandbox], join(sandbox, name), String(offset), length === undefined ? null : String(length));

test('a read that would end inside a character stops before it, and says how many bytes it covers', async (t) => {
  t.deepEqual((await readAt('utf8', 0, 2)).body, { data: 'a', offset: 0, length: 1 });
  t.deepEqual((await readAt('utf8', 1, 4)).body, { data: 'é', offset: 1, length: 2 }, '€ would be cut after its first two bytes');
  t.deepEqual((await readAt('utf8', 3)).body, { data: '€b', offset: 3, length: 4 });
});

test('following the file chunk by chunk with the lengths given rebuilds it exactly', async (t) => {
  for (const chunk of [1, 2, 3, 4, 5]) {
    let offset = 0;
    let text = '';
    for (let i = 0; i < 20 && offset < 7; i++) {
      const body = (await readAt('utf8', offset, chunk)).body as { data: string; length: number };
      text += body.data;
      offset += body.length;
    }
    if (chunk >= 3) t.is(text, 'aé€b', `chunks of ${chunk} bytes`);
    t.is(offset, 7, `chunks of ${chunk} bytes reach the end`);
  }
});

test('bytes that are not UTF-8 still advance the reader: their length is the bytes read, not the text', async (t) => {
  t.deepEqual((await readAt('binary', 0)).body, { data: '\uFFFDA\uFFFD', offset: 0, length: 3 });
  t.deepEqual((await readAt('utf8', 1, 1)).body, { data: '\uFFFD', offset: 1, length: 1 }, 'a read too short for a whole character still moves on');
});

test('offset -1 gives the size and covers nothing', async (t) => {
  t.deepEqual((await readAt('utf8', -1)).body, { data: '', offset: 7, length: 0 });
});
