import test from 'ava';

import { RecordIoDecoder, RecordIoError, encodeRecord } from '../../src/mesos/scheduler/recordio.js';

const records = ['{"type":"HEARTBEAT"}', '{"type":"ERROR","error":{"message":"é ∑ 🚀"}}', '', 'x'.repeat(200_000)];
const stream = Buffer.from(records.map(encodeRecord).join(''));

test('a record is its length in bytes (not characters), a newline, then the record', (t) => {
  t.is(encodeRecord('{"a":"é"}'), '10\n{"a":"é"}');
});

test('records come out whole whatever the chunk boundaries: byte by byte, in the length line, inside a multi-byte character', (t) => {
  for (const size of [1, 2, 3, 7, 64, 65_536, stream.length]) {
    const decoder = new RecordIoDecoder();
    const out: string[] = [];
    for (let i = 0; i < stream.length; i += size) out.push(...decoder.push(stream.subarray(i, i + size)));
    t.deepEqual(out, records, `chunks of ${size} bytes`);
    t.is(decoder.pending, 0);
  }
});

test('a length line that is not a number is an error naming it', (t) => {
  const decoder = new RecordIoDecoder();
  const error = t.throws(() => decoder.push(Buffer.from('12a\n{}')), { instanceOf: RecordIoError });
  t.is(error.message, "RecordIO: '12a' is not a record length");
  t.throws(() => new RecordIoDecoder().push(Buffer.from('1'.repeat(30))), { message: /no record length within 20 bytes/ });
});
