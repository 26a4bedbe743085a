// The web UI's log follower (TailReader) against the agent's real
// /files/read code on real files: it starts with the end of a long file,
// takes what is appended, catches up 64 KiB at a time, keeps multi-byte
// text whole, starts over when the file is truncated, and keeps a bounded
// amount of text, counting what it dropped.
import { appendFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import test from 'ava';

import { read } from '../../src/agent/http/sandbox-files.js';
import type { ReadAnswer } from '../../src/webui/api/agent-api.js';
import { TailReader } from '../../src/webui/sandbox/tail-reader.js';

const sandbox = mkdtempSync('/tmp/mct-tail-');
test.after.always(() => rmSync(sandbox, { recursive: true, force: true }));

let files = 0;
function follow(content: string, initialBytes?: number, keepChars?: number): { file: string; reader: TailReader; reads: () => number } {
  const file = join(sandbox, `log-${++files}`);
  writeFileSync(file, content);
  let count = 0;
  const readAt = async (offset: number, length?: number): Promise<ReadAnswer> => {
    count++;
    const answer = await read([sandbox], file, String(offset), length === undefined ? null : String(length));
    if (answer.status !== 200) throw new Error(String(answer.body));
    return answer.body as ReadAnswer;
  };
  return { file, reader: new TailReader(readAt, initialBytes, keepChars), reads: () => count };
}

test('reads a short file whole, then only what is appended', async (t) => {
  const { file, reader } = follow('one\n');
  t.true(await reader.poll());
  t.like(reader.current, { text: 'one\n', hiddenBytes: 0, offset: 4 });
  t.false(await reader.poll(), 'nothing new');
  appendFileSync(file, 'two ✓\n');
  t.true(await reader.poll());
  t.like(reader.current, { text: 'one\ntwo ✓\n', offset: 4 + Buffer.byteLength('two ✓\n') });
});

test('a long file: only its end, the bytes before it counted', async (t) => {
  const line = 'x'.repeat(99) + '\n';
  const { reader } = follow(line.repeat(1000), 1000);
  await reader.poll();
  t.is(reader.current.text, line.repeat(10));
  t.is(reader.current.hiddenBytes, 99_000);
});

test('catches up 64 KiB at a time, and a character split by a chunk arrives whole', async (t) => {
  // 'é' is 2 bytes; one sits across the 64 KiB boundary.
  const content = `${'a'.repeat(64 * 1024 - 1)}é${'b'.repeat(70_000)}é\n`;
  const { reader, reads } = follow(content, 1024 * 1024);
  await reader.poll();
  t.true(reader.current.text === content, `the text read is the file's (${reader.current.text.length} of ${content.length} characters)`);
  t.is(reader.current.offset, Buffer.byteLength(content));
  t.true(reads() >= 3, 'more than one chunk');
});

test('a truncated file is read again from its start', async (t) => {
  const { file, reader } = follow('old text\n');
  await reader.poll();
  truncateSync(file, 0);
  appendFileSync(file, 'new\n');
  t.true(await reader.poll());
  t.like(reader.current, { restarted: true, text: '', offset: 0 });
  await reader.poll();
  t.like(reader.current, { text: 'new\n', offset: 4 });
});

test('keeps at most keepChars characters: the oldest go, and are counted in bytes', async (t) => {
  const { file, reader } = follow('ééééé', 1000, 6);
  await reader.poll();
  appendFileSync(file, 'abc');
  await reader.poll();
  t.is(reader.current.text, 'éééabc');
  t.is(reader.current.hiddenBytes, 4, 'two é of two bytes each were dropped');
});
