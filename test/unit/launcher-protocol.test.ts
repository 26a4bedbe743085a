import test from 'ava';

import { ANSWER_BYTES, MAGIC, decodeAnswers, decodeWaitStatus, encodeRequest } from '../../src/launcher/launcher-protocol.js';

test('a request is the header, the fd targets, then the program path and argv, each NUL-terminated', (t) => {
  const bytes = encodeRequest({ id: 7, newSession: true, path: '/stub', argv: ['stub', '--x', 'é'], targets: [1, 2, 3] });
  const view = new DataView(bytes.buffer);
  const word = (i: number): number => view.getUint32(i * 4, true);
  t.deepEqual([word(0), word(1), word(2), word(3), word(4)], [MAGIC, 7, 1, 3, 4]);
  const payload = Buffer.from(bytes.subarray(24));
  t.is(word(5), payload.length);
  t.deepEqual([payload.readInt32LE(0), payload.readInt32LE(4), payload.readInt32LE(8)], [1, 2, 3]);
  t.is(payload.subarray(12).toString('utf8'), '/stub\0stub\0--x\0é\0');
});

test('a request with too many fds, or too large for the launcher, is refused before it is sent', (t) => {
  t.throws(() => encodeRequest({ id: 1, newSession: false, path: '/s', argv: [], targets: Array.from({ length: 17 }, (_, i) => i) }), { message: /at most 16 fds/ });
  t.throws(() => encodeRequest({ id: 1, newSession: false, path: '/s', argv: ['x'.repeat(1 << 20)], targets: [] }), { message: /over the launcher's limit/ });
});

test('answers are decoded across chunk boundaries; an incomplete one waits for its rest', (t) => {
  const answer = (kind: number, id: number, pid: number, value: number): Buffer => {
    const b = Buffer.alloc(ANSWER_BYTES);
    b.writeUInt32LE(kind, 0);
    b.writeUInt32LE(id, 4);
    b.writeInt32LE(pid, 8);
    b.writeInt32LE(value, 12);
    return b;
  };
  const all = Buffer.concat([answer(1, 3, 4242, 0), answer(2, 4, 0, 2), answer(3, 0, 4242, 9)]);
  const first = decodeAnswers(all.subarray(0, 20));
  t.deepEqual(first.answers, [{ kind: 'started', id: 3, pid: 4242 }]);
  t.is(first.rest.length, 4);
  const second = decodeAnswers(Buffer.concat([first.rest, all.subarray(20)]));
  t.deepEqual(second.answers, [
    { kind: 'failed', id: 4, errno: 2 },
    { kind: 'reaped', pid: 4242, status: 9 },
  ]);
  t.is(second.rest.length, 0);
});

test('wait statuses: an exit code, or the signal that killed', (t) => {
  t.deepEqual(decodeWaitStatus(3 << 8), { code: 3, signal: null });
  t.deepEqual(decodeWaitStatus(0), { code: 0, signal: null });
  t.deepEqual(decodeWaitStatus(9), { code: null, signal: 9 });
  t.deepEqual(decodeWaitStatus(0x80 | 11), { code: null, signal: 11 }, 'with a core dump');
});
